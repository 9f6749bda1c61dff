package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.TokenProvider;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ProviderBasicsTest extends CacheTestSupport {

    @Test
    void aFreshTokenIsServedFromMemoryWithoutAllocating() {
        try (CachingTokenProvider tokens = provider().build()) {
            AccessToken first = tokens.token();
            for (int i = 0; i < 200_000; i++) { // warm up
                tokens.token();
            }
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(id);
            AccessToken last = null;
            for (int i = 0; i < 1_000_000; i++) {
                last = tokens.token();
            }
            long allocated = mx.getThreadAllocatedBytes(id) - before;
            assertSame(first, last);
            assertEquals(1, server.requests.get());
            assertTrue(allocated < 64 * 1024, "1,000,000 fresh calls allocated " + allocated + " bytes");
        }
    }

    @Test
    void invalidateIsCompareAndInvalidate() throws Exception {
        try (CachingTokenProvider tokens = provider().build()) {
            AccessToken first = tokens.token();
            AccessToken stranger = AccessToken.builder().value("not-the-cached-one").issuedAt(clock.instant())
                    .expiresAt(clock.instant().plusSeconds(60)).build();
            tokens.invalidate(stranger);
            tokens.invalidate(null);
            assertSame(first, tokens.token());
            assertEquals(1, server.requests.get());

            // a burst of 50 rejections of the same token: one new request
            List<Object> outcomes = concurrently(50, () -> {
                tokens.invalidate(first);
                return tokens.token();
            }, null);
            for (Object o : outcomes) {
                assertEquals("at-2", ((AccessToken) o).value());
            }
            assertEquals(2, server.requests.get());
            tokens.invalidate(first); // stale rejection after the refresh: no effect
            assertEquals("at-2", tokens.token().value());
            assertEquals(2, server.requests.get());
        }
    }

    @Test
    void closeStopsTheProvider() {
        CachingTokenProvider tokens = provider().build();
        tokens.token();
        tokens.close();
        tokens.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, tokens::token);
        assertTrue(e.getMessage().contains("closed"));
        tokens.invalidate(null);
    }

    @Test
    void closeLetsARequestInFlightFinishForItsWaiters() throws Exception {
        server.hold = new CountDownLatch(1);
        CachingTokenProvider tokens = sharedProvider(CLIENT_CREDENTIALS).build();
        List<Object> outcomes = concurrently(5, tokens::token, () -> {
            tokens.close();
            server.hold.countDown();
        });
        for (Object o : outcomes) {
            assertEquals("at-1", ((AccessToken) o).value());
        }
    }

    @Test
    void theClientGivesACachingProviderWithDefaults() {
        try (TokenProvider tokens = client.tokenProvider(CLIENT_CREDENTIALS)) {
            assertInstanceOf(CachingTokenProvider.class, tokens);
            assertEquals("at-1", tokens.token().value());
            assertEquals("at-1", tokens.token().value());
            assertEquals(1, server.requests.get());
            assertTrue(!tokens.toString().contains("at-1"), tokens.toString());
        }
    }

    @Test
    void builderRejectsNonsense() {
        CachingTokenProvider.Builder b = CachingTokenProvider.builder(client, CLIENT_CREDENTIALS);
        assertThrows(IllegalArgumentException.class, () -> b.softMargin(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.softMarginFraction(1.0));
        assertThrows(IllegalArgumentException.class, () -> b.hardMarginFraction(-0.1));
        assertThrows(IllegalArgumentException.class, () -> b.hardMarginFraction(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> b.waitTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> b.backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> b.clock(null));
        assertThrows(NullPointerException.class, () -> CachingTokenProvider.builder(null, CLIENT_CREDENTIALS));
    }

    @Test
    void customMarginsApply() throws Exception {
        server.expiresIn = 100;
        try (CachingTokenProvider tokens = provider().softMargin(Duration.ofSeconds(10)).softMarginFraction(0.5)
                .hardMargin(Duration.ofSeconds(2)).hardMarginFraction(0.5).build()) {
            tokens.token();
            clock.advanceSeconds(89); // soft = min(10 s, 50 s) = 10 s
            tokens.token();
            settle();
            assertEquals(1, server.requests.get());
            clock.advanceSeconds(1);
            tokens.token();
            settle();
            assertEquals(2, server.requests.get());
        }
    }
}
