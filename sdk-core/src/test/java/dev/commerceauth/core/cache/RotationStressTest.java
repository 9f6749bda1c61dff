package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.emulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stress for the single flight and the refresh-token state machine together: many threads call
 * {@code token()} and now and then {@code invalidate}, while the clock runs through hundreds of
 * token lifetimes, against a strict server that rotates the refresh token on every use and rejects
 * any but the latest. Bounded loops; no assertion on speed.
 *
 * <p>What must hold: never two requests at once; never a stale refresh token (a lost or raced
 * rotation would be one), hence never a second password grant; no exception but a
 * {@link TransportException} for a token that aged into its hard margin while the threads drove the
 * clock on.
 */
class RotationStressTest {

    private static final int THREADS = 12;
    private static final int CALLS_PER_THREAD = 1_500;
    private static final long LIFETIME_SECONDS = 600;

    /** The strict rotating server: password grants and refresh grants with the latest refresh token only. */
    private static final class StrictServer {
        final ManualClock clock;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger passwordGrants = new AtomicInteger();
        final AtomicInteger refreshes = new AtomicInteger();
        final AtomicInteger staleRefreshTokens = new AtomicInteger();
        private int issued;
        private String latest;

        StrictServer(ManualClock clock) {
            this.clock = clock;
        }

        AccessToken answer(Grant grant) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                synchronized (this) {
                    if (grant instanceof RefreshTokenGrant) {
                        String rt = ((RefreshTokenGrant) grant).refreshToken().reveal();
                        if (!rt.equals(latest)) {
                            staleRefreshTokens.incrementAndGet();
                            throw new OAuthErrorException("stale refresh token", 400, "invalid_grant", null, null,
                                    null, "");
                        }
                        refreshes.incrementAndGet();
                    } else {
                        passwordGrants.incrementAndGet();
                    }
                    issued++;
                    latest = "rt-" + issued;
                    Instant now = clock.instant();
                    return AccessToken.builder().value("at-" + issued).refreshToken(latest).issuedAt(now)
                            .expiresAt(now.plusSeconds(LIFETIME_SECONDS)).build();
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void manyThreadsRotatingRefreshTokensAcrossHundredsOfLifetimes() throws Exception {
        ManualClock clock = ManualClock.startingAt(Instant.parse("2030-01-01T00:00:00Z"));
        StrictServer server = new StrictServer(clock);
        StubTokenClient client = new StubTokenClient(clock, server::answer);
        PasswordGrant grant = PasswordGrant.builder().clientId("administration").username("alice")
                .password("alice-password").build();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger agedOut = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        // the shared threads (the default): refresh ahead on the background lane, promoted when callers wait
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(client, grant)
                .waitTimeout(Duration.ofSeconds(20)).backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Random random = new Random(42 + i);
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int n = 0; n < CALLS_PER_THREAD; n++) {
                            clock.advanceSeconds(1 + random.nextInt(3));
                            try {
                                AccessToken token = tokens.token();
                                if (!token.value().startsWith("at-")) {
                                    throw new AssertionError("odd token " + token.value());
                                }
                                served.incrementAndGet();
                                if (random.nextInt(150) == 0) {
                                    tokens.invalidate(token);
                                }
                            } catch (TransportException e) {
                                agedOut.incrementAndGet(); // the threads drove the clock past the hard margin
                            }
                        }
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }, "stress-" + i);
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(120_000);
                assertTrue(!t.isAlive(), t.getName() + " did not finish");
            }
        }
        assertTrue(unexpected.isEmpty(), "unexpected: " + unexpected);
        assertEquals(1, server.maxInFlight.get(), "never two requests at once");
        assertEquals(0, server.staleRefreshTokens.get(), "every refresh used the latest rotated refresh token");
        assertEquals(1, server.passwordGrants.get(), "one login, then refreshes only");
        assertTrue(server.refreshes.get() >= 10, "the clock ran through many lifetimes: " + server.refreshes.get());
        assertTrue(served.get() > 0);
        System.out.printf("RotationStressTest: %d tokens served, %d refreshes, %d aged out%n", served.get(),
                server.refreshes.get(), agedOut.get());
    }
}
