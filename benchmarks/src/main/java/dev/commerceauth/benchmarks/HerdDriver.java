package dev.commerceauth.benchmarks;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Herd: how many requests reach the token endpoint when N = 1, 8, 64 threads call
 * {@link TokenProvider#token()} at the same moment on a provider whose token has expired (target:
 * 1 for every N), and, as a second case, on a provider that has no token yet.
 *
 * <p>Counted at the endpoint, not in the SDK: the emulator's {@code tokenRequestCount()} before and
 * after each round. Expiry is reached without sleeping: the SDK client and the provider read a
 * {@link ManualClock} that the driver moves 25 hours forward (the tokens live 24 hours) before
 * each round, so every round starts with a token that is past its expiry. The N threads are parked
 * on one latch and released together. Each round also checks that every thread got the same, new
 * token.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.commerceauth.benchmarks.HerdDriver [rounds]</pre>
 */
public final class HerdDriver {


    private HerdDriver() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try (Fixture fixture = Fixture.start()) {
            System.out.printf("herd, %d rounds per N, %d cores%n", rounds, Runtime.getRuntime().availableProcessors());
            System.out.println("| case | N threads | requests per round: min | max | target |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (int n : new int[] {1, 8, 64}) {
                ManualClock clock = ManualClock.startingAt(Instant.now());
                SellyticsAuth client = Fixture.sdkClient(fixture.tokenUrl(), clock);
                long[] expired = new long[rounds];
                try (TokenProvider provider = client.tokenProvider(Fixture.grant())) {
                    String previous = provider.token().value(); // the token that will expire
                    for (int r = 0; r < rounds; r++) {
                        clock.advance(Duration.ofHours(25));
                        Round result = round(fixture, pool, provider, n);
                        if (result.token().equals(previous)) {
                            throw new IllegalStateException("an expired token was handed out");
                        }
                        previous = result.token();
                        expired[r] = result.requests();
                    }
                }
                long[] empty = new long[rounds];
                for (int r = 0; r < rounds; r++) {
                    try (TokenProvider provider = client.tokenProvider(Fixture.grant())) {
                        empty[r] = round(fixture, pool, provider, n).requests();
                    }
                }
                row("expired token", n, expired);
                row("empty provider", n, empty);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** What one round saw: requests at the endpoint and the one token every thread got. */
    record Round(long requests, String token) {
    }

    /** Releases n threads on the provider at once. */
    private static Round round(Fixture fixture, ExecutorService pool, TokenProvider provider, int n) throws Exception {
        long before = fixture.tokenRequestCount();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AccessToken>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return provider.token();
            }));
        }
        ready.await();
        go.countDown();
        Set<String> tokens = new HashSet<>();
        for (Future<AccessToken> f : results) {
            tokens.add(f.get().value());
        }
        if (tokens.size() != 1) {
            throw new IllegalStateException(n + " threads got " + tokens.size() + " different tokens");
        }
        return new Round(fixture.tokenRequestCount() - before, tokens.iterator().next());
    }

    private static void row(String kind, int n, long[] requests) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long r : requests) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        System.out.printf("| %s | %d | %d | %d | 1 |%n", kind, n, min, max);
    }
}
