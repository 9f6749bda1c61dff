package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenProviderListener;
import dev.commerceauth.core.TokenStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The engine behind {@code CachingTokenProvider}: one grant's token in memory, its margins, and
 * the decisions when to serve, refresh ahead, wait, adopt from the store or fail. It ties the
 * parts together: {@link SingleFlight} (one request at a time, waiting, lanes), {@link Renewal}
 * (which grant to send), {@link StoreBridge} (the {@code TokenStore}), {@link FailureState}
 * (backoff) and {@link SafeListener}. The public class documents the behaviour. Internal API: not
 * covered by compatibility guarantees.
 *
 * <p>Hot path: a fresh token costs a volatile read and a clock comparison, no lock and no allocation.
 */
public final class TokenCache {

    private static final AtomicReferenceFieldUpdater<TokenCache, CacheEntry> ENTRY =
            AtomicReferenceFieldUpdater.newUpdater(TokenCache.class, CacheEntry.class, "entry");

    private final Clock clock;
    private final RefreshPolicy policy;
    private final SafeListener listener;
    /** The shared threads; null when the requests run on an executor supplied by the user. */
    private final SharedRefreshExecutor.Lease lease;
    private final SingleFlight flights;
    private final Renewal renewal;
    private final StoreBridge store;
    private final FailureState failures;

    /** The cached token with its precomputed margins; null when empty. */
    private volatile CacheEntry entry;
    /** No refresh ahead before this instant (epoch millis) after a refresh that yielded no newer token. */
    private volatile long quietUntil;
    /** The value of the token last invalidated: never adopted again from the store. */
    private volatile String invalidatedValue;
    private volatile boolean closed;

    /**
     * Creates the cache; the caller has validated the options.
     *
     * @param client the client that requests tokens
     * @param grant the grant, one the client supports
     * @param clock the clock for all expiry decisions
     * @param policy margins, backoff and timeouts
     * @param listener the observer
     * @param executor where requests run, or null for the shared threads
     * @param store the store to share tokens through, or null
     * @param storeKey the key in {@code store}; ignored without a store
     */
    public TokenCache(TokenClient client, Grant grant, Clock clock, RefreshPolicy policy,
            TokenProviderListener listener, Executor executor, TokenStore store, String storeKey) {
        this.clock = clock;
        this.policy = policy;
        this.listener = new SafeListener(listener);
        this.lease = executor == null ? SharedRefreshExecutor.acquire() : null;
        this.flights = new SingleFlight(executor != null ? executor : lease, lease, this.listener, () -> closed,
                policy.waitTimeoutNanos(), new Requests());
        this.renewal = new Renewal(client, grant);
        this.store = store == null ? StoreBridge.none()
                : new StoreBridge(store, storeKey, lease, clock, policy.storeTimeoutNanos());
        this.failures = new FailureState(policy);
    }

    /**
     * The current token: the cached one while it is fresh, else as the class comment of
     * {@code CachingTokenProvider} describes.
     *
     * @return a token outside its hard margin
     */
    public AccessToken token() {
        if (closed) {
            throw CacheErrors.closed();
        }
        CacheEntry e = entry;
        if (e != null && clock.millis() < e.softAt) {
            return e.token;
        }
        return slowToken();
    }

    private AccessToken slowToken() {
        long now = clock.millis();
        CacheEntry e = entry;
        if (e != null && e.freshAt(now)) {
            return e.token;
        }
        if (e != null && e.usableAt(now)) {
            if (!flights.inFlight() && !failures.inBackoff(now) && now >= quietUntil) {
                flights.start(true);
            }
            listener.servedWhileRefreshing(e.token);
            return e.token;
        }
        long deadline = flights.deadline();
        for (;;) {
            CacheEntry result = flights.join(deadline);
            long t = clock.millis();
            // Never hand out a token inside its hard margin, even one that a request just returned.
            if (result != null && result.usableAt(t)) {
                return result.token;
            }
            // We joined a background check that found nothing to do, or time moved on: look again.
            e = entry;
            if (e != null && e.usableAt(t)) {
                return e.token;
            }
            if (SingleFlight.passed(deadline)) {
                throw flights.waitTimeout();
            }
        }
    }

    /**
     * Drops the cached token if it is {@code rejected}, removes it from the store and never adopts
     * it from there again; a failed refresh ahead that no caller saw is forgotten.
     *
     * @param rejected the token a server rejected, or null (ignored)
     */
    public void invalidate(AccessToken rejected) {
        if (rejected == null) {
            return;
        }
        for (;;) {
            CacheEntry e = entry;
            if (e == null || !e.isSameToken(rejected)) {
                return;
            }
            if (ENTRY.compareAndSet(this, e, null)) {
                invalidatedValue = rejected.value();
                failures.forgetUnseen();
                store.removeIfSame(e.token);
                listener.invalidated(e.token);
                return;
            }
        }
    }

    /** Closes the cache: later {@link #token()} calls fail; releases the shared threads. Idempotent. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        store.close();
        if (lease != null) {
            lease.release();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return whether the cache is closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The cached token, usable or not.
     *
     * @return the token, or null when none is cached
     */
    public AccessToken cachedToken() {
        CacheEntry e = entry;
        return e == null ? null : e.token;
    }

    /**
     * Returns a token from the store that is fresher than what this cache has, adopting the
     * store's rotated refresh token on the way if it is newer than this cache's; null when the
     * store has nothing better.
     */
    private AccessToken fromStore(CacheEntry previous) {
        AccessToken stored = store.get();
        if (stored == null) {
            return null;
        }
        if (stored.value().equals(invalidatedValue)) {
            // a resource server rejected it; the removal may not have reached the store yet
            store.removeIfSame(stored);
            return null;
        }
        renewal.adopt(stored);
        CacheEntry current = entry;
        if (current != null && current.isSameToken(stored)) {
            return null;
        }
        CacheEntry candidate = CacheEntry.of(stored, policy);
        long now = clock.millis();
        // refresh ahead adopts only a token outside its soft margin; a waiting caller any usable one
        return (previous != null ? candidate.freshAt(now) : candidate.usableAt(now)) ? stored : null;
    }

    /** The cache's side of the single flight: whether a request is still needed, and the request. */
    private final class Requests implements SingleFlight.Owner {

        /** Re-checks under ownership of the slot: a request may have completed since the caller looked. */
        @Override
        public boolean admit(SingleFlight.Flight mine) {
            long now = clock.millis();
            CacheEntry e = entry;
            if (mine.background) {
                if (e == null || e.freshAt(now) || !e.usableAt(now) || failures.inBackoff(now) || now < quietUntil) {
                    flights.end(mine, null);
                    return false;
                }
            } else {
                if (e != null && e.usableAt(now)) {
                    flights.end(mine, e);
                    return false;
                }
                RuntimeException servable = failures.servable(now);
                if (servable != null) {
                    flights.fail(mine, servable);
                    return false;
                }
            }
            return true;
        }

        /** Performs the one request in flight and publishes its outcome before waiters resume. */
        @Override
        public void run(SingleFlight.Flight mine) {
            long started = clock.millis();
            CacheEntry e = entry;
            CacheEntry previous = e != null && e.usableAt(started) ? e : null;
            boolean sameToken = false;
            try {
                AccessToken token = fromStore(previous);
                if (token == null) {
                    token = renewal.obtain();
                    if (token == null) {
                        throw CacheErrors.noToken();
                    }
                    // before publishing, so another provider sharing the store finds it; bounded by
                    // the store timeout, and skipped while the store is paused
                    store.put(token);
                }
                long now = clock.millis();
                CacheEntry current = entry;
                sameToken = current != null && current.isSameToken(token);
                CacheEntry next = current != null ? current.next(token, policy) : CacheEntry.of(token, policy);
                if (!next.usableAt(now)) {
                    // A token that is already inside its hard margin must not be handed out; failing
                    // (with backoff) is what keeps every later call from hitting the endpoint again.
                    throw CacheErrors.arrivedInsideHardMargin(token, next, now);
                }
                entry = next;
                failures.succeeded();
                quietUntil = next.freshAt(now) ? 0 : now + policy.minRefreshIntervalMillis();
                // Listeners hear of the outcome before the waiters resume, so events are in causal order.
                if (previous != null) {
                    listener.refreshed(previous.token, token);
                } else {
                    listener.fetched(token);
                }
                flights.end(mine, next);
            } catch (Throwable t) {
                try {
                    failed(mine, t, sameToken);
                } finally {
                    // Whatever happened, the flight ends: no waiter may hang and the next call may try again.
                    if (!mine.future.isDone()) {
                        flights.fail(mine, t);
                    }
                }
            }
        }

        private void failed(SingleFlight.Flight mine, Throwable t, boolean sameToken) {
            RuntimeException error = CacheErrors.asRuntime(t);
            long now = clock.millis();
            long delay = failures.countAndDelay(error, sameToken);
            if (sameToken) {
                quietUntil = now + delay;
            }
            if (FailureState.isPermanent(error)) {
                CacheEntry cleared = ENTRY.getAndSet(TokenCache.this, null);
                if (cleared != null) {
                    store.removeIfSame(cleared.token);
                }
            }
            CacheEntry e = entry;
            boolean stillServed = e != null && e.usableAt(now);
            failures.record(error, now + delay, stillServed);
            listener.refreshFailed(error, delay, stillServed);
            flights.fail(mine, error);
            if (t instanceof Error) {
                throw (Error) t;
            }
        }
    }
}
