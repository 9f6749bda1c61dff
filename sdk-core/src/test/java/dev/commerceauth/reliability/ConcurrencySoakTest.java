package dev.commerceauth.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.RecordedTokenRequest;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * <h2>Soak: 64 threads × continuous {@code token()} for 30 s, 1 s tokens, seeded random faults</h2>
 *
 * Tagged {@code soak}; it runs in the normal build (about 35 s). One {@link CachingTokenProvider}
 * (sellytics client_credentials, shared refresh pool, real time) serves 64 threads that call
 * {@code token()} without pause against an emulator issuing 1 s tokens, while a fault thread
 * (seed {@value #SEED}) injects, on average every {@value #MEAN_FAULT_GAP_MS} ms, one of: a 503, a
 * dropped connection, or a 50 ms delay.
 *
 * <p>Margins (set explicitly, the defaults' fractions): soft {@code 0.15 × 1 s = 150 ms}, hard
 * {@code 0.05 × 1 s = 50 ms}; backoff 10–40 ms so that a failed refresh is retried inside the
 * 100 ms between the margins.
 *
 * <p>What must hold:
 * <ol>
 *   <li><b>No expired token.</b> For every token handed out at instant {@code t}:
 *       {@code t < expiresAt} (sent time + {@code expires_in}), which implies {@code t} is before the
 *       emulator's own expiry (issue time + 1 s, issue time ≥ send time on one clock); and
 *       {@code t < exp + 1 s} for the JWT {@code exp} claim, which the emulator (like Keycloak)
 *       writes truncated to whole seconds, so the true expiry lies in {@code [exp, exp + 1 s)}. The
 *       number of handouts at or after {@code exp} itself (inside that rounding second) is printed: a
 *       resource server that validates the JWT {@code exp} would reject those.</li>
 *   <li><b>No unexpected exception.</b> Expected: a {@link TokenException} thrown to a thread
 *       whose last token was already inside its hard margin (no usable token existed for it: an
 *       injected fault hit the refresh). Unexpected: any other exception, or any exception while the
 *       thread's last token was still usable.</li>
 *   <li><b>Requests within 10 % of the lifetime-derived expectation.</b> A token is replaced no
 *       earlier than its soft margin (earlier would be a stampede) and, without a fault, before its
 *       hard margin (later, callers would block), so one token request succeeds per cycle of
 *       {@code L − soft = 850 ms} to {@code L − hard = 950 ms}. Expected successful requests:
 *       {@code 1 + T / (L − (soft + hard) / 2) = 1 + 30 s / 0.9 s ≈ 34}; the count of 200 answers
 *       must lie within ±10 % of {@code 1 + T_measured / 0.9 s}.</li>
 *   <li><b>No thread leak.</b> After {@code close()} of the provider, the emulator and the shared
 *       HTTP client, every thread started during the soak has ended (checked with a 10 s deadline),
 *       except OkHttp's two self-ending daemons ({@link #OKHTTP_DAEMONS}, at most one each).</li>
 * </ol>
 */
@Tag("soak")
class ConcurrencySoakTest {

    static final long SEED = 5L;
    static final int THREADS = 64;
    static final Duration SOAK = Duration.ofSeconds(30);
    static final Duration LIFETIME = Duration.ofSeconds(1);
    static final double SOFT_FRACTION = 0.15;
    static final double HARD_FRACTION = 0.05;
    static final int MEAN_FAULT_GAP_MS = 1500;

    @Test
    @DisplayName("64 threads × token() for 30 s, 1 s tokens, random faults: no expired token, no unexpected exception, "
            + "requests within 10 %, no thread leak")
    void soak() throws Exception {
        Set<Thread> baseline = liveThreads();

        TokenServerEmulator emulator = TokenServerEmulator.builder().sellyticsTokenLifetime(LIFETIME).start();
        OkHttpClient http = new OkHttpClient();
        SellyticsAuth client = SellyticsAuth.builder().tokenUrl(emulator.sellyticsTokenUrl()).okHttpClient(http)
                .readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).build();
        CachingTokenProvider provider = CachingTokenProvider.builder(client, ClientCredentialsGrant.builder()
                        .clientId(DemoCredentials.SELLYTICS_CLIENT_ID).clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET)
                        .scope(SellyticsAuth.DATA_API_SCOPE).build())
                .softMarginFraction(SOFT_FRACTION).hardMarginFraction(HARD_FRACTION)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
                .waitTimeout(Duration.ofSeconds(10))
                .build();

        AtomicLong calls = new AtomicLong();
        AtomicLong expectedFailures = new AtomicLong();
        AtomicLong insideExpSecond = new AtomicLong();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, Instant> expByToken = new ConcurrentHashMap<>();
        long hardMarginMillis = (long) (LIFETIME.toMillis() * HARD_FRACTION);

        long start = System.nanoTime();
        long end = start + SOAK.toNanos();
        CountDownLatch done = new CountDownLatch(THREADS);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread w = new Thread(() -> {
                AccessToken last = null;
                try {
                    while (System.nanoTime() < end) {
                        // 'asked' is read before the call: a token already expired when it was asked for is a
                        // provider bug; one that expires while this thread is descheduled after the call is not
                        // (64 busy threads on 2 cores are preempted for tens of milliseconds).
                        Instant asked = Instant.now();
                        try {
                            AccessToken t = provider.token();
                            calls.incrementAndGet();
                            if (!asked.isBefore(t.expiresAt())) {
                                problems.add("expired token handed out: asked at " + asked + " >= expiresAt " + t.expiresAt());
                            }
                            Instant exp = expByToken.computeIfAbsent(t.value(), Jwts::exp);
                            if (!asked.isBefore(exp)) {
                                insideExpSecond.incrementAndGet(); // informational: see the class comment
                            }
                            if (!asked.isBefore(exp.plusSeconds(1))) {
                                problems.add("token handed out when asked at " + asked + ", past its JWT exp " + exp + " (+1 s resolution)");
                            }
                            last = t;
                        } catch (TokenException e) {
                            // Sound rule: the provider reads its clock somewhere between 'asked' and now; if even now
                            // the thread's last token is before its hard margin, the provider threw although it held
                            // a usable token.
                            // Same arithmetic as the provider: whole epoch milliseconds, hardAt = expiresAt - margin.
                            long returned = System.currentTimeMillis();
                            boolean hadUsable = last != null
                                    && returned < last.expiresAt().toEpochMilli() - hardMarginMillis;
                            if (hadUsable) {
                                problems.add("exception while a usable token existed: " + e);
                            } else if (expectedFailures.incrementAndGet() <= 3) {
                                System.out.println("soak: expected failure " + (last == null ? "before any token"
                                        : (returned - last.expiresAt().toEpochMilli()) + " ms after the last token's expiry")
                                        + ": " + e);
                            }
                        } catch (RuntimeException e) {
                            problems.add("unexpected exception: " + e);
                        }
                        if (problems.size() > 20) {
                            return;
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "soak-worker-" + i);
            workers.add(w);
        }
        Thread faults = new Thread(() -> injectFaults(emulator, end), "soak-faults");
        workers.forEach(Thread::start);
        faults.start();
        assertTrue(done.await(SOAK.getSeconds() + 30, TimeUnit.SECONDS), "workers finished");
        faults.join(10_000);
        double measuredSeconds = (System.nanoTime() - start) / 1e9;

        provider.close();
        List<RecordedTokenRequest> log = emulator.requests();
        emulator.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();

        long ok = log.stream().filter(r -> r.isTokenRequest() && r.responseStatus() == 200).count();
        long failed = log.stream().filter(r -> r.isTokenRequest() && r.responseStatus() != 200).count();
        // A token is replaced no earlier than its soft margin (else the provider would stampede) and, without a
        // fault, no later than its hard margin (else callers would block): one token per cycle of L - soft .. L - hard.
        // The expectation is the middle of that band: 1 + T / (L - (soft + hard) / 2) = 1 + T / 0.9 s.
        double cycle = (LIFETIME.toMillis() - LIFETIME.toMillis() * (SOFT_FRACTION + HARD_FRACTION) / 2) / 1000.0;
        double expected = 1 + measuredSeconds / cycle;
        System.out.printf("soak: %d calls, %d distinct tokens, %d token requests answered 200, %d faulted/failed,"
                        + " %d expected exceptions, expected ~%.1f successful requests, %d handouts at or after the"
                        + " whole-second exp claim (before the true expiry)%n",
                calls.get(), expByToken.size(), ok, failed, expectedFailures.get(), expected, insideExpSecond.get());

        assertTrue(problems.isEmpty(), () -> problems.size() + " problem(s), first: " + problems.subList(0, Math.min(10, problems.size())));
        assertTrue(calls.get() > THREADS * 100L, "the threads really called token() continuously: " + calls.get());
        assertTrue(Math.abs(ok - expected) <= expected * 0.10,
                String.format("successful token requests %d not within 10 %% of 1 + %.1f s / %.2f s = %.1f", ok, measuredSeconds, cycle, expected));
        assertNoNewThreads(baseline, Duration.ofSeconds(10));
        for (String daemon : OKHTTP_DAEMONS) {
            assertTrue(liveThreads().stream().filter(t -> !baseline.contains(t) && daemon.equals(t.getName())).count() <= 1,
                    "at most one new " + daemon);
        }
    }

    /**
     * Seeded random faults until {@code end}: 503, drop, or a 50 ms delay: transient faults, which the provider must
     * absorb while its token is valid. (A malformed 200 is classified by the provider's policy, which
     * {@link FaultInjectionTest} pins deterministically.)
     */
    private static void injectFaults(TokenServerEmulator emulator, long end) {
        Random random = new Random(SEED);
        while (System.nanoTime() < end - TimeUnit.SECONDS.toNanos(1)) {
            try {
                Thread.sleep(random.nextInt(2 * MEAN_FAULT_GAP_MS)); // pacing of the injection, not a timing assertion
            } catch (InterruptedException e) {
                return;
            }
            switch (random.nextInt(3)) {
                case 0:
                    emulator.faults().failNext(1, 503);
                    break;
                case 1:
                    emulator.faults().dropNext(1);
                    break;
                default:
                    emulator.faults().delayNext(1, Duration.ofMillis(50));
                    break;
            }
        }
    }

    static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /**
     * OkHttp's lazily started daemons that end on their own and are not owned by the provider: okio's
     * one JVM-wide {@code Okio Watchdog} (ends after 60 s idle) and the {@code OkHttp ConnectionPool}
     * cleaner of the test's own client (ends at its next wake-up once the pool is empty).
     */
    static final Set<String> OKHTTP_DAEMONS = Set.of("Okio Watchdog", "OkHttp ConnectionPool");

    /**
     * Every thread that did not exist at {@code baseline} has ended by the deadline, apart from at most one
     * of each {@link #OKHTTP_DAEMONS}; none of the provider's refresh pool or the emulator may remain.
     */
    static void assertNoNewThreads(Set<Thread> baseline, Duration deadline) throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        Set<Thread> extra;
        do {
            extra = liveThreads().stream().filter(t -> !baseline.contains(t) && t.isAlive())
                    .filter(t -> !OKHTTP_DAEMONS.contains(t.getName())).collect(Collectors.toSet());
            if (extra.isEmpty()) {
                return;
            }
            Thread.sleep(50); // polling a condition with a deadline, not a timing assertion
        } while (System.nanoTime() < until);
        Set<String> names = extra.stream().map(Thread::getName).collect(Collectors.toSet());
        assertEquals(Set.of(), names, "threads still alive " + deadline.getSeconds() + " s after close()");
    }
}
