package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenProviderListener;
import dev.commerceauth.core.TokenStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The engine behind {@code CachingTokenProvider}: one grant's token in memory, its margins, and
 * the decisions when to serve, refresh ahead, wait, adopt from the store or fail. It ties the
 * parts together: {@link SingleFlight} (one request at a time, waiting, lanes), {@link Renewal}
 * (which grant to send), {@link StoreBridge} (the {@code TokenStore}), {@link FailureState}
 * (backoff), {@link RevokedTokens} and {@link SafeListener}. The public class documents the
 * behaviour. Internal API: not covered by compatibility guarantees.
 *
 * <p>Hot path: the facade serves a fresh token from the entry field it owns ({@link EntryCell}), a
 * volatile read and a clock comparison, no lock and no allocation; {@link #token()} is its slow path.
 */
public final class TokenCache {

    private final Clock clock;
    private final RefreshPolicy policy;
    private final SafeListener listener;
    /** The shared threads; null when the requests run on an executor supplied by the user. */
    private final SharedRefreshExecutor.Lease lease;
    private final SingleFlight flights;
    private final Renewal renewal;
    private final StoreBridge store;
    private final TokenSource source;
    private final FailureState failures;

    /** The cached token with its precomputed margins (null when empty), in the facade's field. */
    private final EntryCell<?> entry;
    /** No refresh ahead before this instant (epoch millis) after a refresh that yielded no newer token. */
    private volatile long quietUntil;
    /** The value of the token last invalidated: never adopted again from the store. */
    private volatile String invalidatedValue;
    /** Tokens revoked through the client: never handed out, adopted or used for renewal again. */
    private final RevokedTokens revoked = new RevokedTokens();
    /**
     * Told by the client of every token revoked through it. The client holds it weakly: this field
     * keeps it registered exactly as long as the cache is reachable.
     */
    private final Consumer<String> onRevoked = this::revoked;
    /** Unregisters {@link #onRevoked} from the client. */
    private final Runnable unregister;
    private volatile boolean closed;

    /**
     * Creates the cache; the caller has validated the options.
     *
     * @param entry the field that holds the current entry, in the object whose hot path reads it
     * @param client the client that requests tokens
     * @param grant the grant, one the client supports
     * @param clock the clock for all expiry decisions
     * @param policy margins, backoff and timeouts
     * @param listener the observer
     * @param executor where requests run, or null for the shared threads
     * @param store the store to share tokens through, or null
     * @param storeKey the key in {@code store}; ignored without a store
     */
    public TokenCache(EntryCell<?> entry, TokenClient client, Grant grant, Clock clock, RefreshPolicy policy,
            TokenProviderListener listener, Executor executor, TokenStore store, String storeKey) {
        this.entry = entry;
        this.clock = clock;
        this.policy = policy;
        this.listener = new SafeListener(listener);
        this.lease = executor == null ? SharedRefreshExecutor.acquire() : null;
        this.flights = new SingleFlight(executor != null ? executor : lease, lease, this.listener, () -> closed,
                policy.waitTimeoutNanos(), new Requests());
        this.renewal = new Renewal(client, grant);
        this.store = store == null ? StoreBridge.none()
                : new StoreBridge(store, storeKey, lease, clock, policy.storeTimeoutNanos());
        this.source = new TokenSource(this.store, renewal, policy, clock, entry::get,
                t -> t.value().equals(invalidatedValue) || revoked.covers(t));
        this.failures = new FailureState(policy);
        // last: from here on the client may call onRevoked (its registry publishes this safely)
        Runnable registration = client.addRevocationListener(onRevoked);
        this.unregister = registration != null ? registration : () -> { };
    }

    /**
     * The current token, for a caller whose look at the entry (the facade's hot path) found no fresh
     * one: as the class comment of {@code CachingTokenProvider} describes (a token that became fresh
     * meanwhile is returned at once).
     *
     * @return a token outside its hard margin
     */
    public AccessToken token() {
        if (closed) {
            throw CacheErrors.closed();
        }
        return slowToken();
    }

    private AccessToken slowToken() {
        long now = clock.millis();
        CacheEntry e = entry.get();
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
            e = entry.get();
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
            CacheEntry e = entry.get();
            if (e == null || !e.isSameToken(rejected)) {
                return;
            }
            if (entry.compareAndSet(e, null)) {
                invalidatedValue = rejected.value();
                failures.forgetUnseen();
                // never on the caller's (often a network) thread: the store lane removes it later
                store.removeIfSameLater(e.token);
                listener.invalidated(e.token);
                return;
            }
        }
    }

    /**
     * The client revoked the access or refresh token {@code value}: it is never handed out,
     * adopted from the store or used for renewal again. The cached token is dropped if it is that
     * access token or carries that refresh token; a refresh token is forgotten by the renewal.
     * Runs on the revoking thread and never blocks it.
     *
     * @param value the revoked token's value
     */
    public void revoked(String value) {
        if (value == null || value.isEmpty() || closed) {
            return;
        }
        revoked.add(value);
        renewal.revoked(value);
        for (;;) {
            CacheEntry e = entry.get();
            if (e == null || !revoked.covers(e.token)) {
                return;
            }
            if (entry.compareAndSet(e, null)) {
                failures.forgetUnseen();
                store.removeIfSameLater(e.token);
                listener.invalidated(e.token);
                return;
            }
        }
    }

    /**
     * Closes the cache: drops the token, so that later {@link #token()} calls (and the facade's hot
     * path) fail; releases the shared threads. Idempotent.
     */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        entry.set(null); // the facade's hot path reads the entry without looking at closed
        unregister.run();
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
        CacheEntry e = entry.get();
        return e == null ? null : e.token;
    }

    /** The cache's side of the single flight: whether a request is still needed, and the request. */
    private final class Requests implements SingleFlight.Owner {

        /** Re-checks under ownership of the slot: a request may have completed since the caller looked. */
        @Override
        public boolean admit(SingleFlight.Flight mine) {
            long now = clock.millis();
            CacheEntry e = entry.get();
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
            CacheEntry e = entry.get();
            CacheEntry previous = e != null && e.usableAt(started) ? e : null;
            boolean sameToken = false;
            try {
                Obtained obtained = source.obtain(previous, flights.deadline());
                if (obtained == null) {
                    // another process holds the store's lease and refreshes for the fleet: look again shortly
                    quietUntil = clock.millis() + RefreshPolicy.LEASE_POLL_MAX_MILLIS;
                    flights.end(mine, null);
                    return;
                }
                AccessToken token = obtained.token;
                if (token == null) {
                    throw CacheErrors.noToken();
                }
                long now = clock.millis();
                CacheEntry current = entry.get();
                sameToken = current != null && current.isSameToken(token);
                CacheEntry next = current != null ? current.next(token, policy) : CacheEntry.of(token, policy);
                if (!next.usableAt(now)) {
                    // A token that is already inside its hard margin must not be handed out; failing
                    // (with backoff) is what keeps every later call from hitting the endpoint again.
                    throw CacheErrors.arrivedInsideHardMargin(token, next, now);
                }
                if (revoked.covers(token)) {
                    throw revokedArrival(token);
                }
                entry.set(next);
                if (closed) {
                    entry.compareAndSet(next, null); // closed meanwhile: the hot path must not serve it
                }
                if (revoked.covers(token)) {
                    // revoked while being published: the revocation may have missed the entry, take it back
                    entry.compareAndSet(next, null);
                    throw revokedArrival(token);
                }
                failures.succeeded();
                quietUntil = next.freshAt(now) ? 0 : now + policy.minRefreshIntervalMillis();
                // Listeners hear of the outcome before the waiters resume, so events are in causal order.
                if (obtained.adopted) {
                    listener.adopted(previous != null ? previous.token : null, token);
                } else if (previous != null) {
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

        /**
         * A token that arrived (from the endpoint or the store) although it, or its refresh token,
         * was revoked through the client: its refresh token is forgotten, it leaves the store, and
         * the request counts as failed, with backoff (a server that keeps handing it back is not
         * asked again at once).
         */
        private RuntimeException revokedArrival(AccessToken token) {
            token.refreshToken().filter(revoked::contains).ifPresent(renewal::revoked);
            store.removeIfSame(token);
            return CacheErrors.revokedArrival();
        }

        private void failed(SingleFlight.Flight mine, Throwable t, boolean sameToken) {
            RuntimeException error = CacheErrors.asRuntime(t);
            long now = clock.millis();
            long delay = failures.countAndDelay(error, sameToken);
            if (sameToken) {
                quietUntil = now + delay;
            }
            // only a verdict on the credentials drops a token that is still usable; a refresh token
            // the renewal saw rejected (or revoked) is not one: the access token may serve on
            if (FailureState.isCredentialVerdict(error) && !renewal.isReauthorize(t)) {
                CacheEntry cleared = entry.getAndSet(null);
                if (cleared != null) {
                    store.removeIfSame(cleared.token);
                }
            }
            CacheEntry e = entry.get();
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
