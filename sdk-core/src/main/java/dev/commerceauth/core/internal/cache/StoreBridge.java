package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenStore;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * The cache's time-bounded calls to a {@link TokenStore} under one key. Calls run on the shared
 * store lane ({@link SharedRefreshExecutor.Lease#executeStoreCall}), never on the caller's thread
 * nor on the threads token requests need, and are waited for at most the
 * {@linkplain RefreshPolicy#storeTimeoutNanos() store timeout}. A store that fails counts as no
 * answer: the failure is logged and the cache carries on without it. A store that does not answer
 * in time, or whose threads are all still busy with calls that did not, is skipped for
 * {@link RefreshPolicy#STORE_PAUSE_SECONDS} seconds. {@link #removeIfSameLater} alone is not waited for.
 * After {@link #close()} the store is skipped.
 * Without a store ({@link #none()}) every call does nothing.
 */
final class StoreBridge {

    private final TokenStore store;
    private final String key;
    private final SharedRefreshExecutor.Lease lease;
    private final boolean ownsLease;
    private final Clock clock;
    private final long timeoutNanos;
    /** The store is skipped until this instant (epoch millis) after it did not answer in time. */
    private volatile long pausedUntil = Long.MIN_VALUE;
    private volatile boolean closed;

    /**
     * A bridge to {@code store} under {@code key}.
     *
     * @param shared the lease the cache already holds on the shared threads, or null if it runs
     *     its requests on an executor of its own; the bridge then takes (and releases) its own
     */
    StoreBridge(TokenStore store, String key, SharedRefreshExecutor.Lease shared, Clock clock, long timeoutNanos) {
        this.store = store;
        this.key = key;
        this.ownsLease = store != null && shared == null;
        this.lease = store == null ? null : ownsLease ? SharedRefreshExecutor.acquire() : shared;
        this.clock = clock;
        this.timeoutNanos = timeoutNanos;
    }

    /** A bridge without a store: it finds nothing and stores nothing. */
    static StoreBridge none() {
        return new StoreBridge(null, null, null, null, 0);
    }

    /** The stored token, or null when there is none, or no answer in time. */
    AccessToken get() {
        return store == null ? null : call("get", () -> store.get(key).orElse(null));
    }

    void put(AccessToken token) {
        if (store != null) {
            call("put", () -> {
                store.put(key, token);
                return null;
            });
        }
    }

    /** Removes the stored token if it is still {@code token}. */
    void removeIfSame(AccessToken token) {
        if (store != null) {
            call("remove", () -> store.remove(key, token));
        }
    }

    /**
     * Removes the stored token if it is still {@code token}, on the store lane without waiting for
     * it: for callers on threads that must not block (an OkHttp authenticator that invalidates a
     * rejected token, a thread that revoked a token). A store that fails is logged; when the store
     * threads are all busy (the store hangs) the store is paused and the token stays in it, which
     * the cache covers by never adopting that token again.
     */
    void removeIfSameLater(AccessToken token) {
        if (store == null || closed || clock.millis() < pausedUntil) {
            return;
        }
        try {
            lease.executeStoreCall(() -> {
                try {
                    store.remove(key, token);
                } catch (RuntimeException e) {
                    failed("remove", e);
                }
            });
        } catch (RejectedExecutionException e) {
            if (!closed) { // else the lease was released meanwhile: the store is skipped anyway
                pause("remove", e);
            }
        }
    }

    /** Skips the store from now on and releases the bridge's own lease, if it took one. */
    void close() {
        closed = true;
        if (ownsLease) {
            lease.release();
        }
    }

    private <T> T call(String operation, Supplier<T> call) {
        if (closed || clock.millis() < pausedUntil) {
            return null; // a closed cache has released the store threads
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            lease.executeStoreCall(() -> {
                try {
                    result.complete(call.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pause(operation, e);
        } catch (TimeoutException e) {
            pause(operation, CacheErrors.storeTimeout(timeoutNanos, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(operation, CacheErrors.interrupted(e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            failed(operation, CacheErrors.asRuntime(cause));
        }
        return null;
    }

    private void pause(String operation, RuntimeException e) {
        pausedUntil = clock.millis() + TimeUnit.SECONDS.toMillis(RefreshPolicy.STORE_PAUSE_SECONDS);
        CacheLog.LOG.log(Level.WARNING, "TokenStore." + operation + " did not answer (" + e.getMessage()
                + "); the provider skips the store for " + RefreshPolicy.STORE_PAUSE_SECONDS + " s and requests its"
                + " tokens itself. Check the store's own timeouts", e);
    }

    private static void failed(String operation, RuntimeException e) {
        CacheLog.LOG.log(Level.WARNING, "TokenStore." + operation + " failed (" + e.getClass().getName()
                + "); continuing without the store", e);
    }
}
