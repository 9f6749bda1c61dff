package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.TokenProviderListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarginsTest extends CacheTestSupport {

    @Test
    void thirtySecondTokenServesAThousandCallsOverTwentyFiveSecondsFromOneRequest() {
        server.expiresIn = 30;
        try (CachingTokenProvider tokens = provider().build()) {
            AccessToken first = tokens.token();
            for (int i = 0; i < 1000; i++) {
                clock.advanceMillis(25); // 1,000 calls over 25 s of clock time
                assertEquals(first.value(), tokens.token().value());
            }
            assertEquals(1, server.requests.get());
        }
    }

    /**
     * Soft point = expiry - min(5 min, 15 % of lifetime); hard point = expiry - min(30 s, 5 %).
     * Just before the soft point: no request. At it: one background refresh, old token served.
     */
    @ParameterizedTest(name = "lifetime {0}s: soft margin {1} ms, hard margin {2} ms")
    @CsvSource({"2, 300, 100", "10, 1500, 500", "30, 4500, 1500", "600, 90000, 30000",
            "7200, 300000, 30000", "86400, 300000, 30000"})
    void marginsScaleWithLifetime(long lifetimeSeconds, long softMs, long hardMs) throws Exception {
        server.expiresIn = lifetimeSeconds;
        try (CachingTokenProvider tokens = provider().build()) {
            AccessToken first = tokens.token();
            long lifetimeMs = lifetimeSeconds * 1000;
            clock.advanceMillis(lifetimeMs - softMs - 1);
            assertEquals(first.value(), tokens.token().value());
            assertEquals(1, server.requests.get(), "no request before the soft margin");
            clock.advanceMillis(1);
            assertEquals(first.value(), tokens.token().value(), "the current token is served while refreshing");
            await("background refresh", 5, () -> !tokens.token().value().equals(first.value()));
            assertEquals(2, server.requests.get());

            // The new token, pushed to its hard point, is no longer handed out.
            AccessToken second = tokens.token();
            clock.advanceMillis(lifetimeMs - hardMs - 1);
            // (inside the soft margin: a refresh may start, but the token is still served)
            AccessToken stillUsable = tokens.token();
            assertTrue(clock.millis() < stillUsable.expiresAt().toEpochMilli() - hardMs + 1);
            assertNotEquals(first.value(), second.value());
        }
    }

    /**
     * A 2 s token, 8 threads calling for 20 s of test-clock time that a driver advances: no caller
     * ever gets an expired token, and after the first fetch every new token comes from a background
     * refresh (no caller waits for the network).
     */
    @Test
    void twoSecondTokenEightThreadsTwentySecondsNeverExpiredNeverBlocked() throws Exception {
        server.expiresIn = 2;
        AtomicInteger fetched = new AtomicInteger();
        AtomicInteger refreshed = new AtomicInteger();
        TokenProviderListener counting = new TokenProviderListener() {
            @Override
            public void fetched(AccessToken token) {
                fetched.incrementAndGet();
            }

            @Override
            public void refreshed(AccessToken previous, AccessToken current) {
                refreshed.incrementAndGet();
            }
        };
        try (CachingTokenProvider tokens = provider().listener(counting).build()) {
            tokens.token();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong calls = new AtomicLong();
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        // The clock is read before the call: the provider decided at a time >= before,
                        // so a correct provider only returns tokens whose hard point (expiry - 100 ms)
                        // lies after 'before'. (Reading after the call would race with the driver.)
                        long before = clock.millis();
                        AccessToken tok = tokens.token();
                        if (before >= tok.expiresAt().toEpochMilli() - 100) {
                            violations.add("token inside its hard margin " + tok + " at " + before);
                        }
                        calls.incrementAndGet();
                    }
                }, "worker-" + i);
                workers.add(t);
                t.start();
            }
            long end = clock.millis() + 20_000;
            while (clock.millis() < end) {
                clock.advanceMillis(20);
                AccessToken current = tokens.token();
                long softAt = current.expiresAt().toEpochMilli() - 300;
                if (clock.millis() >= softAt) {
                    // let the background refresh that the callers started land before time moves on
                    await("refresh of " + current, 5, () -> !tokens.token().value().equals(current.value()));
                }
            }
            stop.set(true);
            for (Thread t : workers) {
                t.join(5_000);
            }
            assertTrue(violations.isEmpty(), () -> violations.size() + " violations, e.g. " + violations.peek());
            assertEquals(1, fetched.get(), "only the first token was waited for");
            assertEquals(server.requests.get() - 1, refreshed.get(), "every later token came from refresh-ahead");
            assertTrue(server.requests.get() >= 10, "about one refresh per 1.7 s: " + server.requests.get());
            assertTrue(calls.get() > 1000, "workers kept calling: " + calls.get());
        }
    }
}
