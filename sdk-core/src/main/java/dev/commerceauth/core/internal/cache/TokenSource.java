package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.StoreLease;
import dev.commerceauth.core.VersionedToken;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Where the flight in progress gets its token: adopted from the store when the store holds a
 * better one, else requested through the {@link Renewal}.
 *
 * <p>With a coordinated store, a fleet makes one request per refresh cycle:
 * <ol>
 *   <li>read the store (token and version); a usable token there is adopted;</li>
 *   <li>else take the key's lease; the holder reads the store once more (the previous holder may
 *       have written just before it released), requests, writes under its lease (a holder whose
 *       lease ended meanwhile writes nothing and keeps its token to itself) and releases;</li>
 *   <li>while another process holds the lease, a refresh ahead ends at once (callers keep the
 *       current token; the cache looks again after a short pause), and a flight that callers wait
 *       for reads the store again after pauses growing from {@value RefreshPolicy#LEASE_POLL_MIN_MILLIS}
 *       to {@value RefreshPolicy#LEASE_POLL_MAX_MILLIS} ms, until the holder's token is there, the
 *       lease is free again (a holder that died loses it after its time to live), or the wait
 *       timeout has passed;</li>
 *   <li>a holder whose request outlives its lease stops waiting for it and waits, like the others,
 *       for the token of the process that took the lease over (its own callers are not held up by
 *       a hanging connection while the fleet has a token); it sends no second request;</li>
 *   <li>a store that does not answer leaves the cache on its own: it requests in-process, still one
 *       request at a time, and the store is asked again on the next flight.</li>
 * </ol>
 * A refresh token is spent only under the lease (or without a store answering). Which entry is new
 * is told by the store's version, never by clocks: a version other than the one this cache last
 * wrote or adopted carries the fleet's newest refresh token, which is adopted even when its access
 * token is not usable. Only the single flight in progress calls {@link #obtain}.
 */
final class TokenSource {

    private final StoreBridge store;
    private final Renewal renewal;
    private final RefreshPolicy policy;
    private final Clock clock;
    /** The cache's current entry. */
    private final Supplier<CacheEntry> current;
    /** Tokens never to be adopted: invalidated or revoked. */
    private final Predicate<AccessToken> refused;
    /** The store version this cache last wrote or adopted; 0 for none. */
    private volatile long knownVersion;
    /** The token a re-read of the store (plain or coordinated) supplied after a rejected refresh token. */
    private volatile AccessToken rescued;

    TokenSource(StoreBridge store, Renewal renewal, RefreshPolicy policy, Clock clock, Supplier<CacheEntry> current,
            Predicate<AccessToken> refused) {
        this.store = store;
        this.renewal = renewal;
        this.policy = policy;
        this.clock = clock;
        this.current = current;
        this.refused = refused;
    }

    /**
     * The token for the flight in progress.
     *
     * @param previous the usable entry a refresh ahead replaces, or null when callers wait
     * @param deadlineNanos until when a waiting flight may wait for another process's token
     * @return the token and where it came from; null when a refresh ahead found another process
     *     refreshing (nothing to do now)
     */
    Obtained obtain(CacheEntry previous, long deadlineNanos) {
        if (!store.isCoordinated()) {
            AccessToken stored = fromPlainStore(previous);
            if (stored != null) {
                return Obtained.adopted(stored);
            }
            rescued = null;
            try {
                AccessToken token = renewal.obtain(() -> rescued = fromPlainStore(null));
                if (token != null && token == rescued) {
                    return Obtained.adopted(token); // another process's, found after the refresh token was rejected
                }
                // before publishing, so another provider sharing the store finds it; bounded, skipped while paused
                if (token != null) {
                    store.put(token);
                }
                return Obtained.requested(token);
            } finally {
                rescued = null;
            }
        }
        long pause = RefreshPolicy.LEASE_POLL_MIN_MILLIS;
        boolean mayLease = true;
        for (;;) {
            StoreAnswer<VersionedToken> read = store.getVersioned();
            if (!read.answered()) {
                return alone();
            }
            AccessToken stored = adoptable(read.value(), previous);
            if (stored != null) {
                return Obtained.adopted(stored);
            }
            StoreAnswer<StoreLease> lease = mayLease ? store.tryLease(policy.leaseTtl()) : StoreAnswer.of(null);
            if (!lease.answered()) {
                return alone();
            }
            if (lease.value() != null) {
                Obtained obtained = underLease(lease.value(), previous);
                if (obtained != null) {
                    return obtained;
                }
                // the request outlived the lease: the next holder's token is the fleet's; never send a second one
                mayLease = false;
            }
            if (previous != null) {
                return null;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw CacheErrors.leaseWaitTimeout(policy.waitTimeoutNanos());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CacheErrors.interrupted(e);
            }
            pause = Math.min(pause * 2, RefreshPolicy.LEASE_POLL_MAX_MILLIS);
        }
    }

    /** The store did not answer: request in-process (the single flight keeps it to one request). */
    private Obtained alone() {
        return Obtained.requested(renewal.obtain(() -> null));
    }

    /**
     * Requests under {@code lease}; null when the request outlived the lease (it goes on, unwaited
     * for: a stalled holder's callers then take the next holder's token from the store).
     */
    private Obtained underLease(StoreLease lease, CacheEntry previous) {
        long leaseEnds = System.nanoTime() + lease.ttl().toNanos();
        try {
            StoreAnswer<VersionedToken> read = store.getVersioned();
            AccessToken stored = adoptable(read.value(), previous);
            if (stored != null) {
                return Obtained.adopted(stored);
            }
            rescued = null;
            CompletableFuture<AccessToken> request = requestOnItsOwnThread(previous);
            AccessToken token;
            try {
                token = request.get(Math.max(0, leaseEnds - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                CacheLog.LOG.log(Level.WARNING, "The token request under the store's lease took longer than the"
                        + " lease's time to live (" + lease.ttl().toMillis() + " ms); waiting for the token of the"
                        + " process that takes the lease over. Raise leaseTimeToLive if the endpoint is this slow");
                return null;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw CacheErrors.asRuntime(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CacheErrors.interrupted(e);
            }
            if (token == null || token == rescued) {
                return token == null ? Obtained.requested(null) : Obtained.adopted(token);
            }
            StoreAnswer<Long> version = store.putIfLeaseHeld(lease, token);
            if (version.value() != null) {
                knownVersion = version.value();
            } else if (version.answered()) {
                CacheLog.LOG.log(Level.FINE, "The store's lease ended before the token was written (the request took"
                        + " longer than the lease's time to live); the token is used but not shared");
            }
            return Obtained.requested(token);
        } finally {
            rescued = null;
            store.release(lease);
        }
    }

    /**
     * The holder's request, on a daemon thread of its own, so that the flight can stop waiting for it
     * when the lease ends (an HTTP call cannot be abandoned from its own thread). One per refresh
     * cycle for a whole fleet, and only in the holder.
     */
    private CompletableFuture<AccessToken> requestOnItsOwnThread(CacheEntry previous) {
        CompletableFuture<AccessToken> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(renewal.obtain(() -> rescue(previous)));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "commerceauth-lease-holder");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** After a rejected refresh token: a usable token from the store, adopting its refresh token. */
    private AccessToken rescue(CacheEntry previous) {
        AccessToken stored = adoptable(store.getVersioned().value(), previous);
        rescued = stored;
        return stored;
    }

    /**
     * The stored entry's token if this cache should take it: not refused, not the token the cache
     * already has, and fresh (for a refresh ahead) or usable (for waiting callers). A new version's
     * refresh token is adopted whatever its access token's state.
     */
    private AccessToken adoptable(VersionedToken entry, CacheEntry previous) {
        if (entry == null) {
            return null;
        }
        AccessToken stored = entry.token();
        if (refusedAndRemoved(stored)) {
            return null;
        }
        if (entry.version() != knownVersion) {
            knownVersion = entry.version();
            renewal.adoptFromStore(stored);
        }
        return better(stored, previous) ? stored : null;
    }

    /**
     * A token from a plain store that is fresher than what this cache has, adopting the store's
     * refresh token on the way if it was issued after this cache's; null when there is none.
     */
    private AccessToken fromPlainStore(CacheEntry previous) {
        AccessToken stored = store.get();
        if (stored == null) {
            return null;
        }
        if (refusedAndRemoved(stored)) {
            return null;
        }
        renewal.adopt(stored);
        return better(stored, previous) ? stored : null;
    }

    /**
     * Whether {@code stored} must never be adopted (a resource server rejected it, or it was
     * revoked); such a token is removed from the store, which the earlier removal may not have
     * reached yet.
     */
    private boolean refusedAndRemoved(AccessToken stored) {
        if (!refused.test(stored)) {
            return false;
        }
        store.removeIfSame(stored);
        return true;
    }

    /** Whether {@code stored} replaces the cached token: refresh ahead wants a fresh one, waiting callers a usable one. */
    private boolean better(AccessToken stored, CacheEntry previous) {
        CacheEntry cached = current.get();
        if (cached != null && cached.isSameToken(stored)) {
            return false;
        }
        CacheEntry candidate = CacheEntry.of(stored, policy);
        long now = clock.millis();
        return previous != null ? candidate.freshAt(now) : candidate.usableAt(now);
    }
}
