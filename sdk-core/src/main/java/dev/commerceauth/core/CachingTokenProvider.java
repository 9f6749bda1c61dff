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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.logging.Level;
import java.util.function.Supplier;
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
 *       no longer handed out and callers wait for a new one. A token that is already inside its
 *       hard margin when it arrives (a slow endpoint with short tokens, or a server that hands back
 *       the same token close to its expiry) is never handed out either: the request counts as a
 *       failed one ({@link TransportException}) and the next one waits for the backoff, at least the
 *       {@linkplain Builder#minRefreshInterval(Duration) minimum refresh interval} when the same
 *       token came back.</li>
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
 *   <li>Requests run on shared, bounded daemon threads named {@code commerceauth-token-N} (at most
 *       {@value dev.commerceauth.core.internal.cache.SharedRefreshExecutor#MAX_THREADS} threads for all
 *       providers together, released when the last provider is closed), or on an executor you
 *       supply. A request that callers wait for never queues behind other providers' requests: it
 *       gets a thread of its own (at most
 *       {@value dev.commerceauth.core.internal.cache.SharedRefreshExecutor#WAITING_THREADS} at once), or its
 *       callers get a {@link TransportException} at once. Refresh ahead runs on a small queued lane
 *       and moves to a thread of its own when a caller starts waiting for it. A request is never run
 *       on the calling thread. Refresh ahead is triggered by callers; an idle provider does no
 *       work.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>Transient failures ({@link TokenException#isRetryable()}: 5xx, I/O, timeouts, 429) while the
 *       current token is still usable: callers keep getting the current token; the next attempt
 *       waits for a jittered exponential backoff (or the server's rate-limit wait, bounded by
 *       {@linkplain Builder#maxRateLimitWait(Duration) maxRateLimitWait}).</li>
 *   <li>Permanent failures, that is the server rejecting the request itself
 *       ({@link OAuthErrorException#isPermanent()}: {@code invalid_client},
 *       {@code unauthorized_client}, Shopware code 4, a bad scope or grant) or a failure that is not
 *       a {@link TokenException} at all (an unsupported grant, a bug): the cached token is dropped
 *       and the exception is thrown to the callers at once; there is no automatic retry.</li>
 *   <li>An unusable answer ({@link InvalidResponseException}, for example a malformed 200) is not
 *       a verdict on the credentials: while the current token is usable it is kept and the next
 *       attempt backs off like a transient failure; without a usable token it is thrown.</li>
 *   <li>Without a usable token, a failure is thrown to the callers that waited for the request.
 *       Until the backoff after that failure has passed, further callers get the same exception
 *       at once instead of sending another request (so a storm of callers cannot hammer a failing
 *       endpoint); the first call after the backoff tries again. No failure is cached for longer
 *       than the backoff. A failed refresh ahead that callers never saw (they kept getting the old
 *       token) is not thrown to them later: a caller who needs a new token after it, for example
 *       after {@link #invalidate(AccessToken)}, sends a request (a server's rate-limit wait is still
 *       honoured).</li>
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
 *       {@link RefreshTokenGrant#forToken(Grant, String)} (if the client
 *       {@linkplain TokenClient#supports(Grant) supports} it), one refresh at a time; a rotated refresh
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
 * {@link TokenStore}: before calling the token endpoint the provider adopts a usable token from the
 * store, and the store's refresh token if it was issued after the provider's own (an older entry,
 * left by a lost write, holds a refresh token that rotation has revoked); if an adopted refresh
 * token is rejected, the provider tries its own once. It stores every token it obtains before
 * handing it out. A failing store is logged and bypassed. Store calls run
 * on threads of their own (at most
 * {@value dev.commerceauth.core.internal.cache.SharedRefreshExecutor#STORE_THREADS} for all
 * providers, never the threads token requests need) and get at most a quarter of the wait timeout,
 * capped at two seconds; a store that does not answer in time is skipped for 30 seconds (logged as
 * a warning), during which the provider requests its tokens itself.
 *
 * <p>The token endpoint must be called through an HTTP client of its own, never through a client
 * whose interceptors need a token from this provider (the provider clients of this SDK use their
 * own {@code OkHttpClient}).
 */
public final class CachingTokenProvider implements TokenProvider {

    private static final Logger LOG = Logger.getLogger(CachingTokenProvider.class.getName());

    /** The longest a {@link TokenStore} call is waited for. */
    static final long STORE_TIMEOUT_MAX_MILLIS = 2_000;

    /** How long a store that did not answer in time is skipped. */
    static final long STORE_PAUSE_MILLIS = 30_000;

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
    /** The shared threads store calls run on; null without a store. */
    private final SharedRefreshExecutor.Lease storeLease;
    private final long storeTimeoutNanos;
    /** The store is skipped until this instant (epoch millis) after it did not answer in time. */
    private volatile long storePausedUntil = Long.MIN_VALUE;

    /** The cached token with its precomputed margins; null when empty. */
    private volatile Entry entry;
    /** The request in flight, if any. */
    private final AtomicReference<Flight> flight = new AtomicReference<>();
    /** The refresh token to use next (rotated tokens replace it). Written only by the flight. */
    private volatile String refreshToken;
    /** When the token that carried {@link #refreshToken} was issued (epoch millis); MIN_VALUE if unknown. */
    private volatile long refreshTokenIssuedAt = Long.MIN_VALUE;
    /** Whether {@link #refreshToken} was adopted from the store rather than obtained by this provider. */
    private volatile boolean refreshTokenAdopted;
    /** The last refresh token this provider obtained itself (fallback when an adopted one is rejected). */
    private volatile String ownRefreshToken;
    /** Whether the authorization code of an {@link AuthorizationCodeGrant} has been used. */
    private volatile boolean codeSpent;
    /** No refresh-ahead before this instant (epoch millis) after a refresh that yielded no newer token. */
    private volatile long quietUntil;
    /** The last failure and the backoff after it, until a request succeeds; null when none. */
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    /** Consecutive failures; written only by the single request in flight. */
    private volatile int consecutiveFailures;
    /** The value of the token last invalidated: never adopted again from the store. */
    private volatile String invalidatedValue;
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
            this.ownRefreshToken = refreshToken;
        }
        this.store = b.store;
        this.storeKey = b.store == null ? null : TokenStore.key(b.storeEndpoint, grant, b.storeSubject);
        this.storeLease = b.store == null ? null : lease != null ? lease : SharedRefreshExecutor.acquire();
        this.storeTimeoutNanos = Math.min(waitTimeoutNanos / 4,
                TimeUnit.MILLISECONDS.toNanos(STORE_TIMEOUT_MAX_MILLIS));
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
            throw new IllegalStateException("TokenProvider is closed; build a new one with"
                    + " TokenClient.tokenProvider(grant) or CachingTokenProvider.builder(client, grant)");
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
            if (flight.get() == null && !inBackoff(now) && now >= quietUntil) {
                startFlight(true);
            }
            notifyServedWhileRefreshing(e.token);
            return e.token;
        }
        long deadline = System.nanoTime() + waitTimeoutNanos;
        for (;;) {
            Flight f = flight.get();
            if (f == null) {
                f = startFlight(false);
            } else if (f.background) {
                promote(f);
            }
            Entry result = await(f.future, deadline);
            long t = clock.millis();
            // Never hand out a token inside its hard margin, even one that a request just returned.
            if (result != null && t < result.hardAt) {
                return result.token;
            }
            // We joined a background check that found nothing to do, or time moved on: look again.
            e = entry;
            if (e != null && t < e.hardAt) {
                return e.token;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw Errors.waitTimeout(Duration.ofNanos(waitTimeoutNanos));
            }
        }
    }

    private boolean inBackoff(long now) {
        Failure f = failure.get();
        return f != null && now < f.retryAt;
    }

    /**
     * Returns the request in flight, starting one if none is. A new request is started only when
     * it is still needed and allowed once this thread owns the flight slot; otherwise the returned
     * flight is already complete (with the now usable entry, or the failure still in backoff).
     */
    private Flight startFlight(boolean background) {
        for (;;) {
            Flight existing = flight.get();
            if (existing != null) {
                return existing;
            }
            Flight mine = new Flight(background);
            if (!flight.compareAndSet(null, mine)) {
                continue;
            }
            // Re-check under ownership: a request may have completed since the caller looked.
            long now = clock.millis();
            Entry e = entry;
            if (background) {
                if (e == null || now < e.softAt || now >= e.hardAt || inBackoff(now) || now < quietUntil) {
                    flight.compareAndSet(mine, null);
                    mine.future.complete(null);
                    return mine;
                }
            } else {
                if (e != null && now < e.hardAt) {
                    flight.compareAndSet(mine, null);
                    mine.future.complete(e);
                    return mine;
                }
                Failure f = failure.get();
                if (f != null && f.servable && now < f.retryAt) {
                    flight.compareAndSet(mine, null);
                    mine.future.completeExceptionally(f.error);
                    return mine;
                }
            }
            submit(mine);
            return mine;
        }
    }

    /** Hands the flight to an executor; it never runs on the caller's thread here. */
    private void submit(Flight mine) {
        try {
            if (mine.background && lease != null) {
                lease.executeInBackground(mine);
            } else {
                executor.execute(mine);
            }
        } catch (RejectedExecutionException rejected) {
            // Never run inline: that would ignore the wait timeout. End the flight instead.
            flight.compareAndSet(mine, null);
            if (mine.background) {
                LOG.log(Level.FINE, "Refresh ahead skipped: the executor rejected it; a later call tries again");
                mine.future.complete(null);
            } else {
                TransportException e = Errors.rejected(rejected, closed);
                notifyRefreshFailed(e, 0, false);
                mine.future.completeExceptionally(e);
            }
        }
    }

    /**
     * A caller that needs a token joined a refresh ahead that may still be queued behind other
     * providers' requests on the background lane: hand the same flight to the waiting lane too.
     * Whichever thread claims it first runs it; the other does nothing.
     */
    private void promote(Flight f) {
        if (lease == null || f.claimed.get() || !f.promoted.compareAndSet(false, true)) {
            return;
        }
        try {
            lease.execute(f);
        } catch (RejectedExecutionException rejected) {
            f.promoted.set(false);
            if (!f.claimed.get()) {
                throw Errors.rejected(rejected, closed);
            }
        }
    }

    /** Performs the one request in flight and publishes its outcome before waiters resume. */
    private void runRequest(Flight mine) {
        long started = clock.millis();
        Entry e = entry;
        Entry previous = e != null && started < e.hardAt ? e : null;
        boolean sameToken = false;
        try {
            AccessToken token = fromStore(previous);
            if (token == null) {
                token = requestToken();
                if (token == null) {
                    throw new InvalidResponseException("The token client returned no token", 0);
                }
                // before publishing, so another provider sharing the store finds it; bounded by the
                // store timeout, and skipped while the store is paused
                storePut(token);
            }
            long now = clock.millis();
            Entry current = entry;
            sameToken = current != null && current.token.value().equals(token.value());
            // The same token handed back again cannot be fresher than when it was first issued: keep
            // the margins of its original lifetime so a same-token server cannot make us spin.
            Entry next = sameToken
                    ? new Entry(token, policy, current.lifetimeMillis)
                    : new Entry(token, policy, token.lifetime().toMillis());
            if (now >= next.hardAt) {
                // A token that is already inside its hard margin must not be handed out; failing
                // (with backoff) is what keeps every later call from hitting the endpoint again.
                throw Errors.arrivedInsideHardMargin(token, next, now);
            }
            entry = next;
            consecutiveFailures = 0;
            failure.set(null);
            quietUntil = now >= next.softAt ? now + policy.minRefreshIntervalMillis() : 0;
            // Listeners hear of the outcome before the waiters resume, so events are in causal order.
            if (previous != null) {
                notifyRefreshed(previous.token, token);
            } else {
                notifyFetched(token);
            }
            flight.compareAndSet(mine, null);
            mine.future.complete(next);
        } catch (Throwable t) {
            try {
                onFailure(mine, t, sameToken);
            } finally {
                // Whatever happened, the flight ends: no waiter may hang and the next call may try again.
                if (!mine.future.isDone()) {
                    flight.compareAndSet(mine, null);
                    mine.future.completeExceptionally(t);
                }
            }
        }
    }

    private void onFailure(Flight mine, Throwable t, boolean sameToken) {
        RuntimeException error = t instanceof RuntimeException ? (RuntimeException) t
                : Errors.unexpected(t);
        long now = clock.millis();
        int failures = consecutiveFailures + 1;
        consecutiveFailures = failures;
        long delay = policy.backoffMillis(failures);
        if (error instanceof RateLimitedException) {
            Duration retryAfter = ((RateLimitedException) error).retryAfter().orElse(null);
            if (retryAfter != null && !retryAfter.isZero()) {
                delay = policy.rateLimitWaitMillis(retryAfter.toMillis());
            }
        }
        if (sameToken) {
            // The server handed back the token we already had: asking again sooner is pointless.
            delay = Math.max(delay, policy.minRefreshIntervalMillis());
            quietUntil = now + delay;
        }
        if (isPermanent(error)) {
            Entry cleared = ENTRY.getAndSet(this, null);
            if (cleared != null) {
                storeRemoveIfSame(cleared.token);
            }
        }
        Entry e = entry;
        boolean stillServed = e != null && now < e.hardAt;
        // A failure nobody waited for is not thrown later (except a server's explicit rate-limit
        // wait, which is honoured): a caller who needs a token after it sends a request.
        failure.set(new Failure(error, now + delay, !stillServed || error instanceof RateLimitedException));
        notifyRefreshFailed(error, delay, stillServed);
        flight.compareAndSet(mine, null);
        mine.future.completeExceptionally(error);
        if (t instanceof Error) {
            throw (Error) t;
        }
    }

    /**
     * Permanent: the server rejected the request itself (client, grant, scope), or the failure is
     * not a {@link TokenException} (an unsupported grant, a bug). An unusable answer is not.
     */
    private static boolean isPermanent(RuntimeException error) {
        if (!(error instanceof TokenException)) {
            return true;
        }
        return error instanceof OAuthErrorException && ((OAuthErrorException) error).isPermanent();
    }

    /** Obtains a new token for the grant: refresh when possible, else a full grant. */
    private AccessToken requestToken() {
        boolean refreshable = !(grant instanceof ClientCredentialsGrant);
        String rt = refreshToken;
        if (refreshable && rt != null && client.supports(refreshGrant(rt))) {
            try {
                return keepRefreshToken(client.requestToken(refreshGrant(rt)), false);
            } catch (OAuthErrorException e) {
                if (!e.isInvalidGrant()) {
                    throw e;
                }
                String own = ownRefreshToken;
                if (refreshTokenAdopted && own != null && !own.equals(rt)) {
                    // The store's refresh token was rejected (another process may have rotated it
                    // and lost the write): try this provider's own once before a full grant.
                    try {
                        return keepRefreshToken(client.requestToken(refreshGrant(own)), false);
                    } catch (OAuthErrorException again) {
                        if (!again.isInvalidGrant()) {
                            throw again;
                        }
                        e = again;
                    }
                }
                refreshToken = null;
                ownRefreshToken = null;
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
            // the server judged the code (and may have consumed it); a rate limit or a server error
            // did not, so the code may be tried again after the backoff
            if (grant instanceof AuthorizationCodeGrant && !(e instanceof RateLimitedException) && !e.isRetryable()) {
                codeSpent = true;
            }
            throw e;
        }
        if (grant instanceof AuthorizationCodeGrant) {
            codeSpent = true;
        }
        return refreshable ? keepRefreshToken(token, false) : token;
    }

    private Grant refreshGrant(String rt) {
        if (grant instanceof RefreshTokenGrant && rt.equals(((RefreshTokenGrant) grant).refreshToken().reveal())) {
            return grant;
        }
        return RefreshTokenGrant.forToken(grant, rt);
    }

    private AccessToken keepRefreshToken(AccessToken token, boolean adopted) {
        String rotated = token == null ? null : token.refreshToken().orElse(null);
        if (rotated != null) {
            refreshToken = rotated;
            refreshTokenIssuedAt = token.issuedAt().toEpochMilli();
            refreshTokenAdopted = adopted;
            if (!adopted) {
                ownRefreshToken = rotated;
            }
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

    /**
     * {@inheritDoc}
     *
     * <p>A failed refresh ahead that no caller saw is forgotten, so the next {@link #token()} sends
     * a request (still one for all callers) instead of throwing that failure; a server's
     * rate-limit wait is still honoured. The token is removed from the {@link TokenStore} with
     * {@link TokenStore#remove(String, AccessToken)} (on the store threads, waiting at most the store
     * timeout, see the class comment) and is never adopted from the store again.
     */
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
                invalidatedValue = value;
                Failure f = failure.get();
                if (f != null && !f.servable) {
                    failure.compareAndSet(f, null);
                }
                storeRemoveIfSame(e.token);
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
        if (storeLease != null && storeLease != lease) {
            storeLease.release();
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
     * store's rotated refresh token on the way if it is newer than this provider's; null when the
     * store has nothing better.
     */
    private AccessToken fromStore(Entry previous) {
        if (store == null) {
            return null;
        }
        AccessToken stored = storeCall("get", () -> store.get(storeKey).orElse(null));
        if (stored == null) {
            return null;
        }
        if (stored.value().equals(invalidatedValue)) {
            // a resource server rejected it; the removal may not have reached the store yet
            storeRemoveIfSame(stored);
            return null;
        }
        if (!(grant instanceof ClientCredentialsGrant) && stored.refreshToken().isPresent()
                && stored.issuedAt().toEpochMilli() > refreshTokenIssuedAt) {
            // only a newer refresh token: an older entry (a lost write) holds a revoked one
            keepRefreshToken(stored, true);
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
            storeCall("put", () -> {
                store.put(storeKey, token);
                return null;
            });
        }
    }

    private void storeRemoveIfSame(AccessToken token) {
        if (store != null) {
            storeCall("remove", () -> store.remove(storeKey, token));
        }
    }

    /**
     * Calls the store on the shared store threads, waiting at most the store timeout; a failure
     * counts as no answer and the provider carries on without the store. A store that does not
     * answer in time, or whose threads are all still busy with calls that did not, is skipped for
     * {@link #STORE_PAUSE_MILLIS}.
     */
    private <T> T storeCall(String operation, Supplier<T> call) {
        if (closed || clock.millis() < storePausedUntil) {
            return null; // a closed provider has released the store threads
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            storeLease.executeStoreCall(() -> {
                try {
                    result.complete(call.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get(storeTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pauseStore(operation, e);
        } catch (TimeoutException e) {
            pauseStore(operation, new TransportException("no answer within "
                    + TimeUnit.NANOSECONDS.toMillis(storeTimeoutNanos) + " ms", e, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            storeFailed(operation, Errors.interrupted(e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            storeFailed(operation, cause instanceof RuntimeException ? (RuntimeException) cause
                    : Errors.unexpected(cause));
        }
        return null;
    }

    private void pauseStore(String operation, RuntimeException e) {
        storePausedUntil = clock.millis() + STORE_PAUSE_MILLIS;
        LOG.log(Level.WARNING, "TokenStore." + operation + " did not answer (" + e.getMessage() + "); the provider"
                + " skips the store for " + STORE_PAUSE_MILLIS / 1000 + " s and requests its tokens itself."
                + " Check the store's own timeouts", e);
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
            return new TokenException("Unexpected failure while requesting a token: " + t.getClass().getName()
                    + " (see the cause). It came from the TokenClient, TokenStore or executor in use, not from the"
                    + " token endpoint; fix that component or report the stack trace", t);
        }

        static TransportException rejected(RejectedExecutionException e, boolean closed) {
            if (closed) {
                return new TransportException("The TokenProvider was closed while a token was requested;"
                        + " build a new one to request tokens again", e, false);
            }
            return new TransportException("No thread to request a token: the executor rejected the request ("
                    + e.getMessage() + "). With the shared threads this means too many token endpoints are hanging"
                    + " at once: lower the token client's call timeout, or supply an executor with"
                    + " CachingTokenProvider.Builder.executor", e, false);
        }

        static TransportException arrivedInsideHardMargin(AccessToken token, Entry entry, long now) {
            long left = token.expiresAt().toEpochMilli() - now;
            long took = now - token.issuedAt().toEpochMilli();
            return new TransportException("The token endpoint returned a token that is already within its hard"
                    + " margin of " + (token.expiresAt().toEpochMilli() - entry.hardAt) + " ms (" + left
                    + " ms left; the request took " + took + " ms), so it is not used. The endpoint is too slow"
                    + " for the token lifetime, keeps handing back a token close to its expiry, or the clocks"
                    + " differ: check expires_in, the call timeout and the hardMargin option; the provider"
                    + " retries after a backoff", null, false);
        }

        static OAuthErrorException reauthorize(OAuthErrorException cause, String message) {
            OAuthErrorException e;
            if (cause == null) {
                // no request was sent: there is no HTTP status (0) and no response body
                e = new OAuthErrorException(message, 0, "invalid_grant", message, null, null, "");
            } else {
                e = new OAuthErrorException(message + " (" + cause.getMessage() + ")", cause.httpStatus(),
                        cause.error(), cause.errorDescription().orElse(null), cause.providerCode().orElse(null),
                        cause.title().orElse(null), cause.responseBody());
                e.initCause(cause);
            }
            return e;
        }
    }

    /**
     * The one request in flight: its outcome, and a claim so that a refresh ahead that was also
     * handed to the waiting lane runs only once.
     */
    private final class Flight implements Runnable {
        final CompletableFuture<Entry> future = new CompletableFuture<>();
        final boolean background;
        final AtomicBoolean claimed = new AtomicBoolean();
        final AtomicBoolean promoted = new AtomicBoolean();

        Flight(boolean background) {
            this.background = background;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                runRequest(this);
            }
        }
    }

    /** The last failure, when the next request may be sent, and whether waiting callers get it. */
    private static final class Failure {
        final RuntimeException error;
        final long retryAt;
        final boolean servable;

        Failure(RuntimeException error, long retryAt, boolean servable) {
            this.error = error;
            this.retryAt = retryAt;
            this.servable = servable;
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

        /** A syntactically valid, meaningless JWS for the probe grant of {@link #supportedGrants}. */
        private static final String PROBE_ASSERTION = "eyJhbGciOiJub25lIn0.e30.cHJvYmU";

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
         * itself carries on for later callers. Default 30 seconds. Set it to at least the token
         * client's call timeout (60 seconds by default for the SDK's clients, see
         * {@link TokenClientBuilder#callTimeout(Duration)}) if callers should wait out a slow answer,
         * or lower the call timeout: with a shorter wait, callers time out while the request goes on
         * holding a shared thread until the call timeout ends it. On the shared threads it also
         * bounds each {@link TokenStore} call.
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
         * timeout is to be honoured. When it rejects a task, waiting callers get a
         * {@link TransportException} at once (the task is never run on the caller's thread) and a
         * refresh ahead is skipped until the next call. {@link TokenStore} calls never run on it: they
         * run on the SDK's store threads, with a time bound (see the class comment).
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
         * @throws IllegalArgumentException if the client does not {@linkplain TokenClient#supports(Grant)
         *     support} the grant; the message names the grants it supports
         */
        public CachingTokenProvider build() {
            if (!client.supports(grant)) {
                throw new IllegalArgumentException(client.getClass().getSimpleName() + " does not support the "
                        + grant.grantType() + " grant; it supports " + supportedGrants(client));
            }
            return new CachingTokenProvider(this);
        }

        /** Names the grant types {@code client} supports, asking its {@link TokenClient#supports}. */
        private static String supportedGrants(TokenClient client) {
            Secret probe = Secret.of("probe");
            ClientCredentialsGrant cc = ClientCredentialsGrant.builder().clientId("probe").clientSecret(probe).build();
            Grant[] probes = {
                cc,
                PasswordGrant.builder().clientId("probe").clientSecret(probe).username("probe").password(probe).build(),
                AuthorizationCodeGrant.builder().clientId("probe").clientSecret(probe).code(probe)
                        .redirectUri("https://probe.invalid/cb").build(),
                RefreshTokenGrant.forToken(cc, "probe"),
                JwtBearerGrant.builder().clientId("probe").clientSecret(probe).assertion(PROBE_ASSERTION).build(),
            };
            StringBuilder names = new StringBuilder();
            for (Grant g : probes) {
                if (client.supports(g)) {
                    names.append(names.length() == 0 ? "" : ", ").append(g.grantType());
                }
            }
            return names.length() == 0 ? "no grant" : names.toString();
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
