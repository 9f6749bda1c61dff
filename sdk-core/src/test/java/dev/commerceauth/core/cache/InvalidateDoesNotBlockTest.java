package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.TokenStore;
import dev.commerceauth.core.internal.cache.SharedRefreshExecutor;
import dev.commerceauth.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 10: {@code invalidate()} runs on the caller's thread, typically OkHttp's (the authenticator after a
 * 401); it must not wait for the {@link TokenStore}. The removal runs on the store lane later, still conditional,
 * and the invalidated token is never adopted from the store again meanwhile.
 */
class InvalidateDoesNotBlockTest extends CacheTestSupport {

    /** An in-memory store whose first conditional remove blocks until the test releases it. */
    private static final class SlowRemoveStore implements TokenStore {
        final TokenStore memory = TokenStore.inMemory();
        final CountDownLatch removing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstRemoveDone = new CountDownLatch(1);
        final AtomicInteger removes = new AtomicInteger();
        volatile Thread removeThread;

        @Override
        public Optional<AccessToken> get(String key) {
            return memory.get(key);
        }

        @Override
        public void put(String key, AccessToken token) {
            memory.put(key, token);
        }

        @Override
        public void remove(String key) {
            memory.remove(key);
        }

        @Override
        public boolean remove(String key, AccessToken expected) {
            if (removes.incrementAndGet() == 1) {
                removeThread = Thread.currentThread();
                removing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                    return memory.remove(key, expected);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } finally {
                    firstRemoveDone.countDown();
                }
            }
            return memory.remove(key, expected);
        }
    }

    @Test
    void invalidateReturnsWithoutWaitingForTheStoreAndNeverReadoptsTheToken() throws Exception {
        SlowRemoveStore store = new SlowRemoveStore();
        String key = TokenStore.key(server.baseUrl(), CLIENT_CREDENTIALS, null);
        try (LogCapture warnings = LogCapture.of(CachingTokenProvider.class.getName(), Level.WARNING);
                CachingTokenProvider tokens = provider().waitTimeout(Duration.ofSeconds(8))
                .tokenStore(store, server.baseUrl()).build()) {
            AccessToken first = tokens.token();
            assertEquals(Optional.of(first), store.get(key));

            tokens.invalidate(first); // the store's remove blocks until released below

            assertTrue(store.removing.await(10, TimeUnit.SECONDS), "the removal was started");
            assertNotSame(Thread.currentThread(), store.removeThread, "not on the caller's thread");
            assertTrue(store.removeThread.getName().startsWith(SharedRefreshExecutor.THREAD_NAME_PREFIX),
                    "on the store lane: " + store.removeThread.getName());
            assertEquals(List.of(), warnings.messages(),
                    "invalidate() did not wait for the store until its timeout (which pauses the store)");
            assertEquals(Optional.of(first), store.get(key), "the removal is still pending");

            AccessToken second = tokens.token();
            assertNotEquals(first.value(), second.value(), "the invalidated token is never adopted from the store");
            assertEquals(2, server.requests.get());

            store.release.countDown();
            assertTrue(store.firstRemoveDone.await(10, TimeUnit.SECONDS), "the pending removal ran");
            assertEquals(Optional.of(second), store.get(key), "the removal is conditional: the newer token stays");
            assertEquals(second, tokens.token());
        } finally {
            store.release.countDown();
        }
    }
}
