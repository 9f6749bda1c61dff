package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CoordinatedTokenStore;
import dev.commerceauth.core.StoreLease;
import dev.commerceauth.core.TokenStore;
import dev.commerceauth.core.VersionedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
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
 * {@linkplain RefreshPolicy#storeTimeoutNanos() store timeout}, which also bounds the wait for one
 * of the lane's threads when all are busy (at most half of it, so the store keeps the other half).
 * A store that fails counts as no answer: the failure is logged and the cache carries on without
 * it. A store that does not answer in time, or whose threads all stay busy for half the store
 * timeout, is skipped for {@link RefreshPolicy#STORE_PAUSE_SECONDS} seconds.
 * {@link #removeIfSameLater} alone is not waited for.
 * A store that fails is logged once per outage (a warning when the first call fails, a note when
 * a call succeeds again), not once per call. After {@link #close()} the store is skipped.
 * Without a store ({@link #none()}) every call does nothing.
 *
 * <p>With a {@link CoordinatedTokenStore} the bridge also reads versioned entries and takes,
 * writes under and releases leases; each answer says whether the store answered at all, so
 * that the cache can tell "nothing there" from "no store right now".
 */
final class StoreBridge {

    private final TokenStore store;
    /** The same store when it coordinates a fleet, else null. */
    private final CoordinatedTokenStore coordinated;
    private final String key;
    private final SharedRefreshExecutor.Lease lease;
    private final boolean ownsLease;
    private final Clock clock;
    private final long timeoutNanos;
    /** The store is skipped until this instant (epoch millis) after it did not answer in time. */
    private volatile long pausedUntil = Long.MIN_VALUE;
    /** Whether the last call failed or was not answered in time: an outage is going on and was logged. */
    private volatile boolean outage;
    private volatile boolean closed;

    /**
     * A bridge to {@code store} under {@code key}.
     *
     * @param shared the lease the cache already holds on the shared threads, or null if it runs
     *     its requests on an executor of its own; the bridge then takes (and releases) its own
     */
    StoreBridge(TokenStore store, String key, SharedRefreshExecutor.Lease shared, Clock clock, long timeoutNanos) {
        this.store = store;
        this.coordinated = store instanceof CoordinatedTokenStore ? (CoordinatedTokenStore) store : null;
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

    /** Whether the store coordinates a fleet's refreshes (leases, versions). */
    boolean isCoordinated() {
        return coordinated != null;
    }

    /** The stored token, or null when there is none, or no answer in time. */
    AccessToken get() {
        return store == null ? null : call("get", () -> store.get(key).orElse(null)).value();
    }

    /** The stored token with its version (null when there is none); coordinated stores only. */
    StoreAnswer<VersionedToken> getVersioned() {
        return call("getVersioned", () -> coordinated.getVersioned(key).orElse(null));
    }

    /** The key's lease, or null while someone else holds it; coordinated stores only. */
    StoreAnswer<StoreLease> tryLease(Duration ttl) {
        return call("tryLease", () -> coordinated.tryLease(key, ttl).orElse(null));
    }

    /**
     * Writes {@code token} if {@code lease} is still live: the new version, or null (lost the lease);
     * coordinated stores only.
     */
    StoreAnswer<Long> putIfLeaseHeld(StoreLease lease, AccessToken token) {
        return call("putIfLeaseHeld", () -> {
            OptionalLong version = coordinated.putIfLeaseHeld(key, lease, token);
            return version.isPresent() ? version.getAsLong() : null;
        });
    }

    /** Releases {@code lease} if it is still live; coordinated stores only. */
    void release(StoreLease lease) {
        call("release", () -> coordinated.release(key, lease));
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
     * rejected token, a thread that revoked a token). Whatever the call throws is logged. When the
     * store threads are all busy at that moment the removal is dropped (logged at {@code FINE}) and
     * the token stays in the store until it expires or this provider's next read finds it there and
     * removes it (it never adopts a refused token); other processes sharing the store may still
     * read it until then, as when the removal fails. A store that hangs is found, and paused, by the
     * next call that waits.
     */
    void removeIfSameLater(AccessToken token) {
        if (store == null || closed || clock.millis() < pausedUntil) {
            return;
        }
        try {
            lease.executeStoreCall(() -> {
                store.remove(key, token);
                return null;
            }).whenComplete((none, failure) -> {
                if (failure != null) { // nobody waits for this call: whatever it threw is logged here
                    failed("remove", CacheErrors.asRuntime(failure));
                }
            });
        } catch (RejectedExecutionException e) {
            // busy, or the lease was released meanwhile: a busy store is not a hung one, so no pause. This provider
            // removes the token when a later read finds it there (TokenSource), and never adopts it meanwhile
            CacheLog.LOG.log(Level.FINE, "TokenStore.remove skipped ({0}); the token stays in the store until this"
                    + " provider finds it there again or it expires", e.getMessage());
        }
    }

    /** Skips the store from now on and releases the bridge's own lease, if it took one. */
    void close() {
        closed = true;
        if (ownsLease) {
            lease.release();
        }
    }

    private <T> StoreAnswer<T> call(String operation, Supplier<T> call) {
        if (store == null || closed || clock.millis() < pausedUntil) {
            return StoreAnswer.none(); // a closed cache has released the store threads
        }
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            // a busy lane is waited for within the same bound as the answer, for at most half of it (the store keeps
            // at least the other half to answer): refused only if no store call ended in that time. A cache closed
            // meanwhile does not touch the store
            CompletableFuture<T> result = lease.executeStoreCall(() -> closed ? null : call.get(), timeoutNanos / 2);
            long left = Math.max(0, deadline - System.nanoTime());
            T value = result.get(left, TimeUnit.NANOSECONDS);
            if (closed) {
                return StoreAnswer.none();
            }
            StoreAnswer<T> answer = StoreAnswer.of(value);
            answered();
            return answer;
        } catch (RejectedExecutionException e) {
            if (!closed) { // else the lease was released meanwhile: the store is skipped anyway
                pause(operation, e);
            }
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
        return StoreAnswer.none();
    }

    /** A call was answered: ends an outage, if one was going on. */
    private void answered() {
        if (outage) {
            outage = false;
            CacheLog.LOG.log(Level.INFO, "TokenStore answers again; the provider shares its tokens through it again");
        }
    }

    private void pause(String operation, RuntimeException e) {
        pausedUntil = clock.millis() + TimeUnit.SECONDS.toMillis(RefreshPolicy.STORE_PAUSE_SECONDS);
        log(operation + " did not answer (" + e.getMessage() + "); the provider skips the store for "
                + RefreshPolicy.STORE_PAUSE_SECONDS + " s and requests its tokens itself. Check the store's own"
                + " timeouts", e);
    }

    private void failed(String operation, RuntimeException e) {
        log(operation + " failed (" + e.getClass().getName() + "); continuing without the store: the provider"
                + " requests its tokens itself until the store answers again", e);
    }

    /** Logs the first failure of an outage as a warning, the others of the same outage at FINE. */
    private void log(String what, RuntimeException e) {
        boolean first = !outage;
        outage = true;
        CacheLog.LOG.log(first ? Level.WARNING : Level.FINE, "TokenStore." + what
                + (first ? " (logged once until the store answers again)" : ""), e);
    }
}
