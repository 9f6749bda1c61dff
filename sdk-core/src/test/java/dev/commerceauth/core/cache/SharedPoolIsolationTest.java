package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.core.internal.cache.SharedRefreshExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tenants whose token endpoint (or store) hangs do not starve the other providers on the shared
 * threads (review finding: 8 hung tenants blocked every provider in the JVM behind a FIFO queue).
 */
class SharedPoolIsolationTest extends CacheTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<CachingTokenProvider> opened = new ArrayList<>();

    @AfterEach
    void releaseHungTenants() {
        release.countDown();
        opened.forEach(CachingTokenProvider::close);
    }

    /** A tenant whose endpoint answers {@code healthyCalls} times and then hangs until the test ends. */
    private TokenClient hangingAfter(int healthyCalls) {
        AtomicInteger calls = new AtomicInteger();
        return new StubTokenClient(clock, g -> {
            if (calls.incrementAndGet() > healthyCalls) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return StubTokenClient.token("hung-" + calls.get(), clock.instant(), clock.instant().plusSeconds(600));
        });
    }

    private CachingTokenProvider shared(TokenClient c, Duration waitTimeout) {
        CachingTokenProvider p = CachingTokenProvider.builder(c, CLIENT_CREDENTIALS).waitTimeout(waitTimeout).build();
        opened.add(p);
        return p;
    }

    @Test
    void hungTenantsDoNotStarveAHealthyProvider() {
        for (int i = 0; i < 8; i++) {
            CachingTokenProvider hung = shared(hangingAfter(0), Duration.ofMillis(100));
            assertTrue(assertThrows(TransportException.class, hung::token).isTimeout());
        }
        // the healthy tenant's request goes to the loopback token server, not behind the hung ones
        CachingTokenProvider healthy = shared(client, Duration.ofSeconds(10));
        assertEquals("at-1", healthy.token().value());
    }

    @Test
    void whenEverySharedThreadHangsCallersFailFastWithATypedException() {
        for (int i = 0; i < SharedRefreshExecutor.WAITING_THREADS; i++) {
            CachingTokenProvider hung = shared(hangingAfter(0), Duration.ofMillis(50));
            assertThrows(TransportException.class, hung::token);
        }
        CachingTokenProvider healthy = shared(client, Duration.ofSeconds(30));
        TransportException e = assertThrows(TransportException.class, healthy::token);
        assertFalse(e.isTimeout(), "rejected at once, not after the 30 s wait timeout");
        assertTrue(e.getMessage().contains("busy"), e.getMessage());
        assertEquals(0, server.requests.get());
    }

    @Test
    void aCallerNeedingATokenDoesNotWaitForARefreshAheadQueuedBehindHungTenants() {
        server.expiresIn = 600;
        CachingTokenProvider healthy = shared(client, Duration.ofSeconds(10));
        AccessToken first = healthy.token();
        List<CachingTokenProvider> hung = new ArrayList<>();
        for (int i = 0; i < SharedRefreshExecutor.BACKGROUND_THREADS; i++) {
            CachingTokenProvider p = shared(hangingAfter(1), Duration.ofSeconds(10));
            p.token();
            hung.add(p);
        }
        clock.advanceSeconds(520); // everybody is inside the soft margin
        for (CachingTokenProvider p : hung) {
            p.token(); // their refresh ahead hangs on the background threads
        }
        assertEquals(first, healthy.token()); // its refresh ahead is queued behind them
        clock.advanceSeconds(60); // now past the hard point: the caller needs the queued request
        assertEquals("at-2", healthy.token().value());
        assertEquals(2, server.requests.get());
    }
}
