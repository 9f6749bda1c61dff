package dev.commerceauth.core;

import dev.commerceauth.core.internal.cache.CacheEntry;
import dev.commerceauth.core.internal.cache.EntryCell;
import dev.commerceauth.core.internal.cache.RefreshPolicy;
import dev.commerceauth.core.internal.cache.TokenCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A {@link TokenProvider} that caches one grant's token in memory, refreshes it ahead of expiry and never lets
 * concurrent callers stampede the token endpoint.
 *
 * <h2>Margins</h2>
 * Each token gets two margins before its {@link AccessToken#expiresAt() expiry} (counted from the time the request
 * was <em>sent</em>, never later than the JWT {@code exp}), scaled by its {@link AccessToken#lifetime() lifetime}:
 * <ul>
 *   <li><b>soft margin</b>, by default the smaller of {@value RefreshPolicy#DEFAULT_SOFT_MARGIN_SECONDS} seconds
 *       and {@value RefreshPolicy#DEFAULT_SOFT_MARGIN_FRACTION} of the lifetime: inside it, the first caller
 *       starts one background refresh and every caller keeps getting the current token;</li>
 *   <li><b>hard margin</b>, by default the smaller of {@value RefreshPolicy#DEFAULT_HARD_MARGIN_SECONDS} seconds
 *       and {@value RefreshPolicy#DEFAULT_HARD_MARGIN_FRACTION} of the lifetime: inside it the token is no longer
 *       handed out and callers wait for a new one. A token that arrives inside it is never handed out either: the
 *       request counts as failed ({@link TransportException}) and the next one waits for the backoff.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>Fresh token: {@link #token()} is a volatile read and a clock comparison, no lock and no allocation.</li>
 *   <li>At most one request to the token endpoint is in flight per provider. Callers without a usable token
 *       all wait for that one request (single flight) and get its token or its failure (see below), at most for
 *       the {@linkplain Builder#waitTimeout(Duration) wait timeout}; an interrupted caller stops waiting without
 *       cancelling the request for the others.</li>
 *   <li>Requests run on shared, bounded daemon threads named {@code commerceauth-token-N} (or an
 *       {@linkplain Builder#executor(Executor) executor you supply}), never on the calling thread. A request that
 *       callers wait for gets a thread of its own (at most
 *       {@value dev.commerceauth.core.internal.cache.SharedRefreshExecutor#WAITING_THREADS} at once) or fails at
 *       once; refresh ahead runs on a small queued lane. An idle provider does no work.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>Only a <b>verdict on these credentials</b> drops a token that is still usable: an
 *       {@link OAuthErrorException} (not a {@link RateLimitedException}) whose
 *       {@linkplain OAuthErrorException#error() error} is {@code invalid_client}, {@code unauthorized_client},
 *       {@code invalid_scope}, or {@code invalid_grant} for the grant itself (Shopware's credential codes 4,
 *       {@code FRAMEWORK__API_INVALID_ACCESS_KEY}, 5, 6, 8, 10 arrive as these). The token is dropped (also from
 *       the {@link TokenStore}) and the exception thrown at once.</li>
 *   <li>Any other failure (5xx, I/O, timeouts, 429, an unusable answer, a gateway's {@code 403 {"error":"blocked"}},
 *       {@code access_denied}, a rejected refresh token, a failure that is not a {@link TokenException}) keeps
 *       serving a usable token; the next attempt waits for a jittered exponential backoff (or the server's
 *       rate-limit wait, at most {@linkplain Builder#maxRateLimitWait(Duration) maxRateLimitWait}).</li>
 *   <li>Without a usable token, the failure is thrown to the waiting callers, and until the backoff has passed
 *       to further callers at once, without a request. A failed refresh ahead that callers never saw is not
 *       thrown to them later: a caller needing a new token after it (for example after
 *       {@link #invalidate(AccessToken)}) sends a request (a server's rate-limit wait is still honoured).</li>
 *   <li>Each caller gets an exception of its own (same class, message and accessors; a foreign subclass as its
 *       nearest SDK class), its cause the request's one failure, which {@link TokenProviderListener#refreshFailed}
 *       receives. A failure that is not a {@link TokenException} reaches callers as the cause of a
 *       {@link TokenException} (not retryable); an {@code Error} is rethrown on the request thread.</li>
 *   <li>A server that hands back a token still inside its soft margin (Commerce Layer: the same token until its
 *       last 15 minutes) is asked again at most once per {@linkplain Builder#minRefreshInterval(Duration) interval}.</li>
 * </ul>
 *
 * <h2>Grants</h2>
 * A grant that does not {@linkplain Grant#renewsWithRefreshToken() renew with a refresh token} (client
 * credentials) is sent again for every new token. For one that does (password, authorization code, JWT bearer,
 * refresh token), new tokens are obtained with {@link RefreshTokenGrant#forToken(Grant, String)} once a token came
 * with a refresh token (if the client {@linkplain TokenClient#supports(Grant) supports} it), one refresh at a
 * time; a rotated refresh token is stored before waiting callers resume. A rejected refresh token
 * ({@code invalid_grant}) leads to exactly one full grant for a grant that
 * {@linkplain Grant#regrantsAfterRejectedRefresh() regrants} (password, JWT bearer), otherwise (a
 * {@linkplain Grant#isSingleUse() single-use} code, a {@link RefreshTokenGrant}) to an {@link OAuthErrorException}
 * saying that the user must re-authorize, once the access token held (which it does not condemn) is inside its
 * hard margin. A token revoked through the provider's client (its {@code revoke} methods), or whose refresh token
 * was, is never handed out, adopted from the store or renewed with again ({@link TokenClient#addRevocationListener}:
 * the provider registers when built, unregisters when closed).
 *
 * <h2>Sharing</h2>
 * With {@link Builder#tokenStore(TokenStore, String)} tokens are shared through a {@link TokenStore}: before calling
 * the token endpoint the provider adopts a usable token from the store, and it stores every token it obtains before
 * handing it out. With a {@link CoordinatedTokenStore} (the in-memory store, or Redis from {@code sdk-redis}) the
 * fleet makes one request per refresh cycle: the provider takes the key's lease first; the holder alone requests
 * (and spends the refresh token), writes under its lease and releases it; the others look at the store again until
 * the holder's token is there (a refresh ahead keeps serving meanwhile; a waiting caller waits at most the wait
 * timeout) and adopt it, with its refresh token ({@link TokenProviderListener#adopted}); a holder that dies loses
 * the lease after its {@linkplain Builder#leaseTimeToLive(Duration) time to live}. Which stored token is newer is
 * decided by the store's versions; with a plain {@link TokenStore}, by the refresh token's issue time. A rejected
 * refresh token makes the provider read the store again before it tries its own older one, then a full grant.
 * Store calls run on threads of their own and are time-bounded; a store that fails is logged once per outage and
 * bypassed (the provider requests its tokens itself) until it answers again.
 *
 * <p>The token endpoint must be called through an HTTP client of its own, never through a client whose
 * interceptors need a token from this provider (the provider clients of this SDK use their own
 * {@code OkHttpClient}).
 */
public final class CachingTokenProvider implements TokenProvider {

    private static final AtomicReferenceFieldUpdater<CachingTokenProvider, CacheEntry> ENTRY =
            AtomicReferenceFieldUpdater.newUpdater(CachingTokenProvider.class, CacheEntry.class, "entry");
    private final Grant grant;
    private final Clock clock;
    private volatile CacheEntry entry; // here, not in the engine (which writes it): a hit is one load shorter
    private final TokenCache cache;

    private CachingTokenProvider(Builder b) {
        this.grant = b.grant;
        this.clock = b.clock != null ? b.clock : Objects.requireNonNull(b.client.clock(), "client.clock()");
        this.cache = new TokenCache(EntryCell.of(this, ENTRY), b.client, grant, clock, b.policy.build(),
                b.listener, b.executor, b.store,
                b.store == null ? null : TokenStore.key(b.storeEndpoint, grant, b.storeSubject));
    }

    /**
     * Starts a builder for a provider of {@code grant}'s tokens from {@code client}.
     *
     * @param client the client that requests tokens; it must not route its requests through an HTTP client that
     *     itself needs a token from this provider
     * @param grant the grant to obtain tokens with
     * @return a builder with the default options
     */
    public static Builder builder(TokenClient client, Grant grant) {
        return new Builder(client, grant);
    }

    @Override
    public AccessToken token() {
        CacheEntry e = entry;
        if (e != null && clock.millis() < e.softAt) {
            return e.token;
        }
        return cache.token();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A failed refresh ahead that no caller saw is forgotten, so the next {@link #token()} sends a request
     * (still one for all callers) instead of throwing that failure; a server's rate-limit wait is still honoured.
     * Never blocks (it typically runs on an HTTP client's thread): the token is removed from the {@link TokenStore}
     * with {@link TokenStore#remove(String, AccessToken)} later, on the store threads (skipped if all are busy then:
     * the next read that finds it removes it), and is never adopted from the store again, even if that fails.
     */
    @Override
    public void invalidate(AccessToken rejected) {
        cache.invalidate(rejected);
    }

    @Override
    public void close() {
        cache.close();
    }

    /** @return a description naming the grant type and whether a token is cached, without revealing tokens */
    @Override
    public String toString() {
        AccessToken token = cache.cachedToken();
        return "CachingTokenProvider{grant=" + grant.grantType() + ", token=" + (token == null ? "none" : token)
                + (cache.isClosed() ? ", closed" : "") + "}";
    }

    /** Options of a {@link CachingTokenProvider}. Every option has a default; see each setter. */
    public static final class Builder {

        private final TokenClient client;
        private final Grant grant;
        private final RefreshPolicy.Builder policy = RefreshPolicy.builder();
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
         * Largest soft margin: refresh ahead starts at most this long before expiry. Default
         * {@value RefreshPolicy#DEFAULT_SOFT_MARGIN_SECONDS} seconds.
         *
         * @param max a non-negative duration
         * @return this builder
         */
        public Builder softMargin(Duration max) {
            policy.softMargin(max);
            return this;
        }

        /**
         * Soft margin as a fraction of the token's lifetime; the smaller of this and {@link #softMargin(Duration)}
         * applies. Default {@value RefreshPolicy#DEFAULT_SOFT_MARGIN_FRACTION}.
         *
         * @param fraction a value in {@code [0, 1)}
         * @return this builder
         */
        public Builder softMarginFraction(double fraction) {
            policy.softMarginFraction(fraction);
            return this;
        }

        /**
         * Largest hard margin: a token is not handed out once it is this close to expiry. Default
         * {@value RefreshPolicy#DEFAULT_HARD_MARGIN_SECONDS} seconds.
         *
         * @param max a non-negative duration
         * @return this builder
         */
        public Builder hardMargin(Duration max) {
            policy.hardMargin(max);
            return this;
        }

        /**
         * Hard margin as a fraction of the token's lifetime; the smaller of this and {@link #hardMargin(Duration)}
         * applies. Default {@value RefreshPolicy#DEFAULT_HARD_MARGIN_FRACTION}. A soft margin smaller than the hard
         * margin is raised to it.
         *
         * @param fraction a value in {@code [0, 1)}
         * @return this builder
         */
        public Builder hardMarginFraction(double fraction) {
            policy.hardMarginFraction(fraction);
            return this;
        }

        /**
         * Minimum time between refresh-ahead requests when the server keeps handing back a token that is already
         * inside its soft margin (for example the same token). Default
         * {@value RefreshPolicy#DEFAULT_MIN_REFRESH_INTERVAL_SECONDS} seconds.
         *
         * @param interval a non-negative duration
         * @return this builder
         */
        public Builder minRefreshInterval(Duration interval) {
            policy.minRefreshInterval(interval);
            return this;
        }

        /**
         * Backoff after failed requests: after the n-th consecutive failure the next request waits between half and
         * all of {@code min(max, base * 2^(n-1))}. Defaults {@value RefreshPolicy#DEFAULT_BACKOFF_BASE_SECONDS}
         * second and {@value RefreshPolicy#DEFAULT_BACKOFF_MAX_SECONDS} seconds.
         *
         * @param base the backoff after the first failure, positive
         * @param max the largest backoff, at least {@code base}
         * @return this builder
         */
        public Builder backoff(Duration base, Duration max) {
            policy.backoff(base, max);
            return this;
        }

        /**
         * Largest wait honoured from a rate-limit response ({@code Retry-After}, Shopware's
         * {@code meta.parameters.seconds}). Default {@value RefreshPolicy#DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS}
         * seconds.
         *
         * @param max a non-negative duration
         * @return this builder
         */
        public Builder maxRateLimitWait(Duration max) {
            policy.maxRateLimitWait(max);
            return this;
        }

        /**
         * Longest time a caller of {@link TokenProvider#token()} waits for the request in flight before it gets a
         * {@link TransportException} whose {@code isTimeout()} is true; the request itself carries on for later
         * callers. Default {@value RefreshPolicy#DEFAULT_WAIT_TIMEOUT_SECONDS} seconds. Set it to at least the
         * token client's call timeout (see {@link TokenClientBuilder#callTimeout(Duration)}) if callers should wait
         * out a slow answer, or lower the call timeout. A quarter of it (at most 2 s) bounds each {@link TokenStore}
         * call.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder waitTimeout(Duration timeout) {
            policy.waitTimeout(timeout);
            return this;
        }

        /**
         * With a {@link CoordinatedTokenStore}: how long this provider's lease on the store key lives at most while
         * it requests a token for the fleet, and so how long the others wait before taking over from a holder that
         * died. A holder whose request outlasts it can no longer write its token to the store (it still uses it).
         * Default {@value RefreshPolicy#DEFAULT_LEASE_TTL_SECONDS} s: above the endpoint's usual answer time, below the wait timeout.
         *
         * @param ttl a positive duration, at least one millisecond
         * @return this builder
         */
        public Builder leaseTimeToLive(Duration ttl) {
            policy.leaseTimeToLive(ttl);
            return this;
        }

        /**
         * Clock for all expiry decisions. Default: the client's {@link TokenClient#clock()}, which also stamps the
         * tokens' send times.
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
         * {@value dev.commerceauth.core.internal.cache.SharedRefreshExecutor#MAX_THREADS} daemon threads, released
         * when the last provider is closed. A supplied executor is not shut down by {@link #close()} and must not run
         * tasks on the calling thread. When it rejects a task, waiting callers get a {@link TransportException} at
         * once and a refresh ahead is skipped until the next call. {@link TokenStore} calls never run on it.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Shares tokens through {@code store} with no explicit subject, for grants that do not
         * {@linkplain Grant#requiresSubject() require one}: client credentials, and password grants (the username
         * is part of the key). Default: no store, tokens live in this provider only.
         *
         * @param store the store
         * @param endpoint identifies the token endpoint or tenant, for example the token URL or the shop URL; part
         *     of the key so that tenants never share tokens
         * @return this builder
         * @see #tokenStore(TokenStore, String, String)
         */
        public Builder tokenStore(TokenStore store, String endpoint) {
            return tokenStore(store, endpoint, null);
        }

        /**
         * Shares tokens through {@code store}, keyed by {@link TokenStore#key(String, Grant, String)}. Grants whose
         * tokens belong to a user they do not name ({@link Grant#requiresSubject()}: authorization code, JWT bearer
         * and refresh token grants) need a {@code subject} naming the user the tokens belong to.
         *
         * @param store the store
         * @param endpoint identifies the token endpoint or tenant; part of the key
         * @param subject the user the tokens belong to, or {@code null} (client credentials, or the password
         *     grant's username)
         * @return this builder
         */
        public Builder tokenStore(TokenStore store, String endpoint, String subject) {
            this.store = Objects.requireNonNull(store, "store");
            if (endpoint == null || endpoint.trim().isEmpty()) {
                throw new IllegalArgumentException("endpoint must not be blank: it keeps tenants apart in the store");
            }
            if (subject == null && grant.requiresSubject()) {
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
         * @throws IllegalArgumentException if the client does not {@linkplain TokenClient#supports(Grant) support}
         *     the grant; the message names the client's
         *     {@linkplain TokenClient#supportedGrantTypes() supported grant types}
         */
        public CachingTokenProvider build() {
            if (!client.supports(grant)) {
                Set<String> supported = client.supportedGrantTypes();
                throw new IllegalArgumentException(client.getClass().getSimpleName() + " does not support the "
                        + grant.grantType() + " grant; it supports "
                        + (supported.isEmpty() ? "no grant" : String.join(", ", supported)));
            }
            return new CachingTokenProvider(this);
        }
    }
}
