package dev.commerceauth.core;

import dev.commerceauth.core.internal.cache.RefreshPolicy;
import dev.commerceauth.core.internal.cache.SharedRefreshExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link TokenProvider} that caches one grant's token in memory, refreshes it ahead of expiry
 * and never lets concurrent callers stampede the token endpoint.
 *
 * <h2>Margins</h2>
 * Each token gets two margins before its {@link AccessToken#expiresAt() expiry} (which the
 * {@link TokenClient} computes from the time the request was <em>sent</em>). Both scale with the
 * token's {@link AccessToken#lifetime() lifetime}, so a 10 second token and a 24 hour token both
 * behave sensibly:
 * <ul>
 *   <li><b>soft margin</b>, by default {@code min(5 min, 15 % of the lifetime)}: inside it, the first
 *       caller starts one background refresh and every caller keeps getting the current token
 *       (a 30 second token is reused for 25.5 seconds before a refresh starts);</li>
 *   <li><b>hard margin</b>, by default {@code min(30 s, 5 % of the lifetime)}: inside it the token is
 *       no longer handed out and callers wait for a new one.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>Fresh token: {@link #token()} is a volatile read and a clock comparison, no lock and no
 *       allocation.</li>
 *   <li>At most one request to the token endpoint is in flight per provider. Callers without a
 *       usable token all wait for that one request (single flight) and all get its token or its
 *       exception. No caller waits longer than the {@linkplain Builder#waitTimeout(Duration) wait
 *       timeout}; a caller whose thread is interrupted stops waiting without cancelling the request
 *       for the others.</li>
 *   <li>Requests run on a shared, bounded pool of daemon threads (at most
 *       {@value dev.commerceauth.core.internal.cache.SharedRefreshExecutor#MAX_THREADS} threads for all
 *       providers together, released when the last provider is closed), or on an executor you
 *       supply. Refresh ahead is triggered by callers; an idle provider does no work.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>Transient failures ({@link TokenException#isRetryable()}: 5xx, I/O, timeouts, 429) while the
 *       current token is still usable: callers keep getting the current token; the next attempt
 *       waits for a jittered exponential backoff (or the server's rate-limit wait, bounded by
 *       {@linkplain Builder#maxRateLimitWait(Duration) maxRateLimitWait}).</li>
 *   <li>Permanent failures ({@link OAuthErrorException#isInvalidClient()},
 *       {@link OAuthErrorException#isPermanent()}): the cached token is dropped and the exception is
 *       thrown to the waiting callers; there is no automatic retry.</li>
 *   <li>Without a usable token, a failure is thrown to the callers that waited for the request.
 *       Until the backoff after that failure has passed, further callers get the same exception
 *       at once instead of sending another request (so a storm of callers cannot hammer a failing
 *       endpoint); the first call after the backoff tries again. No failure is cached for longer
 *       than the backoff.</li>
 *   <li>A server that hands back a token which is still inside its soft margin (Commerce Layer
 *       returns the same token until its last 15 minutes) is asked again at most once per
 *       {@linkplain Builder#minRefreshInterval(Duration) minimum refresh interval}.</li>
 * </ul>
 *
 * <h2>Grants</h2>
 * <ul>
 *   <li>{@link ClientCredentialsGrant}: every new token is a full grant; refresh tokens in the
 *       response are ignored.</li>
 *   <li>{@link PasswordGrant}, {@link AuthorizationCodeGrant}, {@link JwtBearerGrant}: once a token
 *       came with a refresh token, new tokens are obtained with
 *       {@link RefreshTokenGrant#forToken(Grant, String)}, one refresh at a time; a rotated refresh
 *       token is stored before waiting callers resume. A rejected refresh token ({@code invalid_grant})
 *       leads to exactly one full grant with the original credentials for password and JWT bearer
 *       grants; an authorization code can be exchanged only once, so the provider then fails with an
 *       {@link OAuthErrorException} saying that the user must re-authorize.</li>
 *   <li>{@link RefreshTokenGrant}: refreshes and keeps the rotated refresh token; a rejected
 *       refresh token fails like an authorization code grant.</li>
 * </ul>
 *
 * <h2>Sharing</h2>
 * With {@link Builder#tokenStore(TokenStore, String)} tokens are shared through a
 * {@link TokenStore}: before calling the token endpoint the provider adopts a usable token (and the
 * latest rotated refresh token) from the store, and it stores every token it obtains. A failing
 * store is logged and bypassed.
 *
 * <p>The token endpoint must be called through an HTTP client of its own, never through a client
 * whose interceptors need a token from this provider (the provider clients of this SDK use their
 * own {@code OkHttpClient}).
 */
public final class CachingTokenProvider implements TokenProvider {

    private static final Logger LOG = Logger.getLogger(CachingTokenProvider.class.getName());

    private static final AtomicReferenceFieldUpdater<CachingTokenProvider, Entry> ENTRY =
            AtomicReferenceFieldUpdater.newUpdater(CachingTokenProvider.class, Entry.class, "entry");

    private final TokenClient client;
    private final Grant grant;
    private final Clock clock;
    private final RefreshPolicy policy;
    private final long waitTimeoutNanos;
    private final TokenProviderListener listener;
    private final Executor executor;
    private final SharedRefreshExecutor.Lease lease;
    private final TokenStore store;
    private final String storeKey;

    /** The cached token with its precomputed margins; null when empty. */
    private volatile Entry entry;
    /** The request in flight, if any. */
    private final AtomicReference<CompletableFuture<Entry>> flight = new AtomicReference<>();
    /** The refresh token to use next (rotated tokens replace it). */
    private volatile String refreshToken;
    /** Whether the authorization code of an {@link AuthorizationCodeGrant} has been used. */
    private volatile boolean codeSpent;
    /** No request before this instant (epoch millis) after a failure. */
    private volatile long backoffUntil;
    /** No refresh-ahead before this instant (epoch millis) after a refresh that yielded no newer token. */
    private volatile long quietUntil;
    /** The failure of the last request, until a request succeeds. */
    private volatile RuntimeException lastFailure;
    /** Consecutive failures; written only by the single request in flight. */
    private volatile int consecutiveFailures;
    private volatile boolean closed;

    private CachingTokenProvider(Builder b) {
        this.client = b.client;
        this.grant = b.grant;
        this.clock = b.clock != null ? b.clock : Objects.requireNonNull(b.client.clock(), "client.clock()");
        this.policy = new RefreshPolicy(b.softMargin, b.softFraction, b.hardMargin, b.hardFraction,
                b.minRefreshInterval, b.backoffBase, b.backoffMax, b.maxRateLimitWait);
        this.waitTimeoutNanos = b.waitTimeout.toNanos();
        this.listener = b.listener;
        if (b.executor != null) {
            this.executor = b.executor;
            this.lease = null;
        } else {
            this.lease = SharedRefreshExecutor.acquire();
            this.executor = lease;
        }
        if (grant instanceof RefreshTokenGrant) {
            this.refreshToken = ((RefreshTokenGrant) grant).refreshToken().reveal();
        }
        this.store = b.store;
        this.storeKey = b.store == null ? null : TokenStore.key(b.storeEndpoint, grant, b.storeSubject);
    }

    /**
     * Starts a builder for a provider of {@code grant}'s tokens from {@code client}.
     *
     * @param client the client that requests tokens; it must not route its requests through an
     *     HTTP client that itself needs a token from this provider
     * @param grant the grant to obtain tokens with
     * @return a builder with the default options
     */
    public static Builder builder(TokenClient client, Grant grant) {
        return new Builder(client, grant);
    }

    /** {@inheritDoc} */
    @Override
    public AccessToken token() {
        if (closed) {
            throw new IllegalStateException("TokenProvider is closed");
        }
        Entry e = entry;
        if (e != null && clock.millis() < e.softAt) {
            return e.token;
        }
        return slowToken();
    }

    private AccessToken slowToken() {
        long now = clock.millis();
        Entry e = entry;
        if (e != null && now < e.softAt) {
            return e.token;
        }
        if (e != null && now < e.hardAt) {
            if (flight.get() == null && now >= backoffUntil && now >= quietUntil) {
                startFlight(true);
            }
            notifyServedWhileRefreshing(e.token);
            return e.token;
        }
        long deadline = System.nanoTime() + waitTimeoutNanos;
        for (;;) {
            CompletableFuture<Entry> f = flight.get();
            if (f == null) {
                f = startFlight(false);
            }
            Entry result = await(f, deadline);
            if (result != null) {
                return result.token;
            }
            // We joined a background check that found nothing to do; look again.
            e = entry;
            if (e != null && clock.millis() < e.hardAt) {
                return e.token;
            }
        }
    }

    /**
     * Returns the request in flight, starting one if none is. A new request is started only when
     * it is still needed and allowed once this thread owns the flight slot; otherwise the returned
     * future is already complete (with the now usable entry, or the failure still in backoff).
     */
    private CompletableFuture<Entry> startFlight(boolean background) {
        for (;;) {
            CompletableFuture<Entry> existing = flight.get();
            if (existing != null) {
                return existing;
            }
            CompletableFuture<Entry> mine = new CompletableFuture<>();
            if (!flight.compareAndSet(null, mine)) {
                continue;
            }
            // Re-check under ownership: a request may have completed since the caller looked.
            long now = clock.millis();
            Entry e = entry;
            if (background) {
                if (e == null || now < e.softAt || now >= e.hardAt || now < backoffUntil || now < quietUntil) {
                    flight.compareAndSet(mine, null);
                    mine.complete(null);
                    return mine;
                }
            } else {
                if (e != null && now < e.hardAt) {
                    flight.compareAndSet(mine, null);
                    mine.complete(e);
                    return mine;
                }
                RuntimeException failure = lastFailure;
                if (failure != null && now < backoffUntil) {
                    flight.compareAndSet(mine, null);
                    mine.completeExceptionally(failure);
                    return mine;
                }
            }
            boolean previousUsable = e != null && now < e.hardAt;
            Runnable task = () -> runRequest(mine, previousUsable ? e : null);
            try {
                executor.execute(task);
            } catch (RejectedExecutionException rejected) {
                // Only during close() or with a saturated user executor: do the work here.
                task.run();
            }
            return mine;
        }
    }

    /** Performs the one request in flight and publishes its outcome before waiters resume. */
    private void runRequest(CompletableFuture<Entry> mine, Entry previous) {
        try {
            AccessToken token = fromStore(previous);
            if (token == null) {
                token = requestToken();
                if (token == null) {
                    throw new InvalidResponseException("The token client returned no token", 0);
                }
                storePut(token);
            }
            long now = clock.millis();
            if (now >= token.expiresAt().toEpochMilli()) {
                throw Errors.expiredOnArrival(token);
            }
            Entry current = entry;
            // The same token handed back again cannot be fresher than when it was first issued: keep
            // the margins of its original lifetime so a same-token server cannot make us spin.
            Entry next = current != null && current.token.value().equals(token.value())
                    ? new Entry(token, policy, current.lifetimeMillis)
                    : new Entry(token, policy, token.lifetime().toMillis());
            entry = next;
            consecutiveFailures = 0;
            lastFailure = null;
            backoffUntil = 0;
            quietUntil = now >= next.softAt ? now + policy.minRefreshIntervalMillis() : 0;
            // Listeners hear of the outcome before the waiters resume, so events are in causal order.
            if (previous != null) {
                notifyRefreshed(previous.token, token);
            } else {
                notifyFetched(token);
            }
            flight.compareAndSet(mine, null);
            mine.complete(next);
        } catch (Throwable t) {
            try {
                onFailure(mine, t);
            } finally {
                // Whatever happened, the flight ends: no waiter may hang and the next call may try again.
                if (!mine.isDone()) {
                    flight.compareAndSet(mine, null);
                    mine.completeExceptionally(t);
                }
            }
        }
    }

    private void onFailure(CompletableFuture<Entry> mine, Throwable t) {
        RuntimeException failure = t instanceof RuntimeException ? (RuntimeException) t
                : Errors.unexpected(t);
        long now = clock.millis();
        int failures = consecutiveFailures + 1;
        consecutiveFailures = failures;
        long delay = policy.backoffMillis(failures);
        if (failure instanceof RateLimitedException) {
            Duration retryAfter = ((RateLimitedException) failure).retryAfter().orElse(null);
            if (retryAfter != null && !retryAfter.isZero()) {
                delay = policy.rateLimitWaitMillis(retryAfter.toMillis());
            }
        }
        if (isPermanent(failure)) {
            Entry cleared = entry;
            entry = null;
            if (cleared != null) {
                storeRemoveIfSame(cleared.token.value());
            }
        }
        lastFailure = failure;
        backoffUntil = now + delay;
        Entry e = entry;
        notifyRefreshFailed(failure, delay, e != null && now < e.hardAt);
        flight.compareAndSet(mine, null);
        mine.completeExceptionally(failure);
        if (t instanceof Error) {
            throw (Error) t;
        }
    }

    private static boolean isPermanent(RuntimeException failure) {
        if (failure instanceof OAuthErrorException) {
            OAuthErrorException oauth = (OAuthErrorException) failure;
            return oauth.isInvalidClient() || oauth.isPermanent();
        }
        return false;
    }

    /** Obtains a new token for the grant: refresh when possible, else a full grant. */
    private AccessToken requestToken() {
        boolean refreshable = !(grant instanceof ClientCredentialsGrant);
        String rt = refreshToken;
        if (refreshable && rt != null) {
            try {
                return keepRefreshToken(client.requestToken(refreshGrant(rt)));
            } catch (OAuthErrorException e) {
                if (!e.isInvalidGrant()) {
                    throw e;
                }
                refreshToken = null;
                if (!(grant instanceof PasswordGrant || grant instanceof JwtBearerGrant)) {
                    throw Errors.reauthorize(e, grant instanceof AuthorizationCodeGrant
                            ? "The refresh token was rejected and an authorization code can be exchanged only once;"
                                    + " the user must re-authorize"
                            : "The refresh token was rejected; the user must re-authorize");
                }
                // exactly one full grant with the original credentials, below
            }
        }
        if (grant instanceof RefreshTokenGrant) {
            throw Errors.reauthorize(null, "No usable refresh token is left; the user must re-authorize");
        }
        if (grant instanceof AuthorizationCodeGrant && codeSpent) {
            throw Errors.reauthorize(null, "The authorization code was already exchanged and no refresh token is"
                    + " available; the user must re-authorize");
        }
        AccessToken token;
        try {
            token = client.requestToken(grant);
        } catch (OAuthErrorException e) {
            if (grant instanceof AuthorizationCodeGrant) {
                codeSpent = true;
            }
            throw e;
        }
        if (grant instanceof AuthorizationCodeGrant) {
            codeSpent = true;
        }
        return refreshable ? keepRefreshToken(token) : token;
    }

    private Grant refreshGrant(String rt) {
        if (grant instanceof RefreshTokenGrant && rt.equals(((RefreshTokenGrant) grant).refreshToken().reveal())) {
            return grant;
        }
        return RefreshTokenGrant.forToken(grant, rt);
    }

    private AccessToken keepRefreshToken(AccessToken token) {
        String rotated = token.refreshToken().orElse(null);
        if (rotated != null) {
            refreshToken = rotated;
        }
        return token;
    }

    /** Waits for {@code f}; null means a background check that sent no request. */
    private Entry await(CompletableFuture<Entry> f, long deadlineNanos) {
        try {
            return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException timeout) {
            throw Errors.waitTimeout(Duration.ofNanos(waitTimeoutNanos));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw Errors.interrupted(interrupted);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw Errors.unexpected(cause);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void invalidate(AccessToken rejected) {
        if (rejected == null) {
            return;
        }
        String value = rejected.value();
        for (;;) {
            Entry e = entry;
            if (e == null || !e.token.value().equals(value)) {
                return;
            }
            if (ENTRY.compareAndSet(this, e, null)) {
                storeRemoveIfSame(value);
                notifyInvalidated(e.token);
                return;
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (lease != null) {
            lease.release();
        }
    }

    /**
     * Describes the provider without revealing tokens.
     *
     * @return a description naming the grant type and whether a token is cached
     */
    @Override
    public String toString() {
        Entry e = entry;
        return "CachingTokenProvider{grant=" + grant.grantType() + ", token=" + (e == null ? "none" : e.token)
                + (closed ? ", closed" : "") + "}";
    }

    // ---- token store: consulted only by the request in flight; failures degrade to fetching ----

    /**
     * Returns a token from the store that is fresher than what this provider has, adopting the
     * store's (possibly rotated) refresh token on the way; null when the store has nothing better.
     */
    private AccessToken fromStore(Entry previous) {
        if (store == null) {
            return null;
        }
        AccessToken stored;
        try {
            stored = store.get(storeKey).orElse(null);
        } catch (RuntimeException e) {
            storeFailed("get", e);
            return null;
        }
        if (stored == null) {
            return null;
        }
        if (!(grant instanceof ClientCredentialsGrant)) {
            keepRefreshToken(stored);
        }
        Entry current = entry;
        if (current != null && current.token.value().equals(stored.value())) {
            return null;
        }
        Entry candidate = new Entry(stored, policy, stored.lifetime().toMillis());
        long now = clock.millis();
        // refresh ahead adopts only a token outside its soft margin; a waiting caller any usable one
        return now < (previous != null ? candidate.softAt : candidate.hardAt) ? stored : null;
    }

    private void storePut(AccessToken token) {
        if (store != null) {
            try {
                store.put(storeKey, token);
            } catch (RuntimeException e) {
                storeFailed("put", e);
            }
        }
    }

    private void storeRemoveIfSame(String value) {
        if (store != null) {
            try {
                AccessToken stored = store.get(storeKey).orElse(null);
                if (stored != null && stored.value().equals(value)) {
                    store.remove(storeKey);
                }
            } catch (RuntimeException e) {
                storeFailed("remove", e);
            }
        }
    }

    private static void storeFailed(String operation, RuntimeException e) {
        LOG.log(Level.WARNING, "TokenStore." + operation + " failed (" + e.getClass().getName()
                + "); continuing without the store", e);
    }

    // ---- listener plumbing: a failing listener never breaks the provider ----

    private void notifyFetched(AccessToken token) {
        try {
            listener.fetched(token);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void notifyRefreshed(AccessToken previous, AccessToken current) {
        try {
            listener.refreshed(previous, current);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void notifyRefreshFailed(RuntimeException error, long delayMillis, boolean stillServed) {
        try {
            listener.refreshFailed(error, Duration.ofMillis(delayMillis), stillServed);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void notifyInvalidated(AccessToken token) {
        try {
            listener.invalidated(token);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void notifyServedWhileRefreshing(AccessToken token) {
        try {
            listener.servedWhileRefreshing(token);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private static void listenerFailed(RuntimeException e) {
        LOG.log(Level.FINE, "TokenProviderListener threw; ignored", e);
    }

    /** Exceptions the provider itself raises. */
    private static final class Errors {

        private Errors() {
        }

        static TransportException waitTimeout(Duration timeout) {
            return new TransportException("Timed out after " + timeout.toMillis()
                    + " ms waiting for the token endpoint; the request carries on for later callers", null, true);
        }

        static TransportException interrupted(InterruptedException e) {
            return new TransportException("Interrupted while waiting for a token; the request carries on for"
                    + " other callers", e, false);
        }

        static TokenException unexpected(Throwable t) {
            return new TokenException("Unexpected failure while requesting a token: " + t.getClass().getName(), t);
        }

        static InvalidResponseException expiredOnArrival(AccessToken token) {
            return new InvalidResponseException("The token endpoint returned a token that had already expired"
                    + " when it arrived (expiresAt=" + token.expiresAt() + "); check expires_in and the clock", 200);
        }

        static OAuthErrorException reauthorize(OAuthErrorException cause, String message) {
            OAuthErrorException e;
            if (cause == null) {
                e = new OAuthErrorException(message, 400, "invalid_grant", message, null, null, "");
            } else {
                e = new OAuthErrorException(message + " (" + cause.getMessage() + ")", cause.httpStatus(),
                        cause.error(), cause.errorDescription().orElse(null), cause.providerCode().orElse(null),
                        cause.title().orElse(null), cause.responseBody());
                e.initCause(cause);
            }
            return e;
        }
    }

    /** A cached token with its margins as epoch millis, so the hot path allocates nothing. */
    private static final class Entry {
        final AccessToken token;
        final long softAt;
        final long hardAt;
        final long lifetimeMillis;

        Entry(AccessToken token, RefreshPolicy policy, long lifetime) {
            this.token = token;
            this.lifetimeMillis = lifetime;
            long expiresAt = token.expiresAt().toEpochMilli();
            this.softAt = expiresAt - policy.softMarginMillis(lifetime);
            this.hardAt = expiresAt - policy.hardMarginMillis(lifetime);
        }
    }

    /**
     * Options of a {@link CachingTokenProvider}. Every option has a default; see each setter.
     */
    public static final class Builder {

        private final TokenClient client;
        private final Grant grant;
        private Duration softMargin = Duration.ofMinutes(5);
        private double softFraction = 0.15;
        private Duration hardMargin = Duration.ofSeconds(30);
        private double hardFraction = 0.05;
        private Duration minRefreshInterval = Duration.ofSeconds(30);
        private Duration backoffBase = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration maxRateLimitWait = Duration.ofSeconds(60);
        private Duration waitTimeout = Duration.ofSeconds(30);
        private Clock clock;
        private TokenProviderListener listener = TokenProviderListener.logging();
        private Executor executor;
        private TokenStore store;
        private String storeEndpoint;
        private String storeSubject;

        private Builder(TokenClient client, Grant grant) {
            this.client = Objects.requireNonNull(client, "client");
            this.grant = Objects.requireNonNull(grant, "grant");
        }

        /**
         * Largest soft margin: refresh ahead starts at most this long before expiry. Default 5 minutes.
         *
         * @param max a non-negative duration
         * @return this builder
         */
        public Builder softMargin(Duration max) {
            this.softMargin = nonNegative(max, "softMargin");
            return this;
        }

        /**
         * Soft margin as a fraction of the token's lifetime; the smaller of this and
         * {@link #softMargin(Duration)} applies. Default 0.15.
         *
         * @param fraction a value in {@code [0, 1)}
         * @return this builder
         */
        public Builder softMarginFraction(double fraction) {
            this.softFraction = fraction(fraction, "softMarginFraction");
            return this;
        }

        /**
         * Largest hard margin: a token is not handed out once it is this close to expiry.
         * Default 30 seconds.
         *
         * @param max a non-negative duration
         * @return this builder
         */
        public Builder hardMargin(Duration max) {
            this.hardMargin = nonNegative(max, "hardMargin");
            return this;
        }

        /**
         * Hard margin as a fraction of the token's lifetime; the smaller of this and
         * {@link #hardMargin(Duration)} applies. Default 0.05. A soft margin smaller than the hard
         * margin is raised to it.
         *
         * @param fraction a value in {@code [0, 1)}
         * @return this builder
         */
        public Builder hardMarginFraction(double fraction) {
            this.hardFraction = fraction(fraction, "hardMarginFraction");
            return this;
        }

        /**
         * Minimum time between refresh-ahead requests when the server keeps handing back a token
         * that is already inside its soft margin (for example the same token). Default 30 seconds.
         *
         * @param interval a non-negative duration
         * @return this builder
         */
        public Builder minRefreshInterval(Duration interval) {
            this.minRefreshInterval = nonNegative(interval, "minRefreshInterval");
            return this;
        }

        /**
         * Backoff after failed requests: after the n-th consecutive failure the next request waits
         * between half and all of {@code min(max, base * 2^(n-1))}. Defaults 1 second and 30 seconds.
         *
         * @param base the backoff after the first failure, positive
         * @param max the largest backoff, at least {@code base}
         * @return this builder
         */
        public Builder backoff(Duration base, Duration max) {
            Duration b = nonNegative(base, "backoff base");
            Duration m = nonNegative(max, "backoff max");
            if (b.isZero() || m.compareTo(b) < 0) {
                throw new IllegalArgumentException("backoff base must be positive and max >= base");
            }
            this.backoffBase = b;
            this.backoffMax = m;
            return this;
        }

        /**
         * Largest wait honoured from a rate-limit response ({@code Retry-After}, Shopware's
         * {@code meta.parameters.seconds}). Default 60 seconds.
         *
         * @param max a non-negative duration
         * @return this builder
         */
        public Builder maxRateLimitWait(Duration max) {
            this.maxRateLimitWait = nonNegative(max, "maxRateLimitWait");
            return this;
        }

        /**
         * Longest time a caller of {@link TokenProvider#token()} waits for the request in flight
         * before it gets a {@link TransportException} whose {@code isTimeout()} is true; the request
         * itself carries on for later callers. Default 30 seconds.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder waitTimeout(Duration timeout) {
            Duration t = nonNegative(timeout, "waitTimeout");
            if (t.isZero()) {
                throw new IllegalArgumentException("waitTimeout must be positive");
            }
            this.waitTimeout = t;
            return this;
        }

        /**
         * Clock for all expiry decisions. Default: the client's {@link TokenClient#clock()}, which
         * also stamps the tokens' send times.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Observer of fetches, refreshes, failures and invalidations. Default
         * {@link TokenProviderListener#logging()}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(TokenProviderListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Executor on which requests to the token endpoint run. Default: a shared pool of at most
         * {@value dev.commerceauth.core.internal.cache.SharedRefreshExecutor#MAX_THREADS} daemon threads
         * for all providers, released when the last provider is closed. A supplied executor is not
         * shut down by {@link #close()}; it must not run tasks on the calling thread if the wait
         * timeout is to be honoured.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Shares tokens through {@code store}, keyed by {@link TokenStore#key(String, Grant, String)}
         * with no explicit subject: for client credentials and password grants (the username is part
         * of the key). Default: no store, tokens live in this provider only.
         *
         * @param store the store
         * @param endpoint identifies the token endpoint or tenant, for example the token URL or the
         *     shop URL; part of the key so that tenants never share tokens
         * @return this builder
         */
        public Builder tokenStore(TokenStore store, String endpoint) {
            return tokenStore(store, endpoint, null);
        }

        /**
         * Shares tokens through {@code store}, keyed by {@link TokenStore#key(String, Grant, String)}.
         * Authorization code, JWT bearer and refresh token grants carry no username, so they need a
         * {@code subject} naming the user the tokens belong to.
         *
         * @param store the store
         * @param endpoint identifies the token endpoint or tenant; part of the key
         * @param subject the user the tokens belong to, or {@code null} (client credentials, or the
         *     password grant's username)
         * @return this builder
         */
        public Builder tokenStore(TokenStore store, String endpoint, String subject) {
            this.store = Objects.requireNonNull(store, "store");
            if (endpoint == null || endpoint.trim().isEmpty()) {
                throw new IllegalArgumentException("endpoint must not be blank: it keeps tenants apart in the store");
            }
            if (subject == null && (grant instanceof AuthorizationCodeGrant || grant instanceof JwtBearerGrant
                    || grant instanceof RefreshTokenGrant)) {
                throw new IllegalArgumentException("Tokens of a " + grant.grantType() + " grant belong to a user:"
                        + " pass the user as subject so that users never share tokens in the store");
            }
            this.storeEndpoint = endpoint;
            this.storeSubject = subject;
            return this;
        }

        /**
         * Builds the provider. No request is sent until the first {@link TokenProvider#token()}.
         *
         * @return the provider; close it when done
         */
        public CachingTokenProvider build() {
            return new CachingTokenProvider(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }

        private static double fraction(double f, String name) {
            if (!(f >= 0 && f < 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1)");
            }
            return f;
        }
    }
}
