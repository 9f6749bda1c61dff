package dev.commerceauth.core;

/**
 * Supplies a usable access token for one grant, caching it between calls.
 *
 * <p>A provider hands out the same token to every caller until the token comes close to its
 * expiry, refreshes it ahead of time in the background, and makes concurrent callers share one
 * request to the token endpoint when they have to wait. Implementations are thread-safe.
 *
 * <p>Obtain one with {@link TokenClient#tokenProvider(Grant)} or, for the tuning options,
 * {@link CachingTokenProvider#builder(TokenClient, Grant)}. Close it when it is no longer needed so
 * that it stops scheduling background work.
 *
 * <pre>{@code
 * try (TokenProvider tokens = client.tokenProvider(grant)) {
 *     String header = "Bearer " + tokens.token().value();
 * }
 * }</pre>
 */
public interface TokenProvider extends AutoCloseable {

    /**
     * Returns a token that is not within its hard margin of expiry, fetching one if needed.
     *
     * <p>When the cached token is fresh this returns at once without locking. When there is no
     * usable token the calling thread waits for the one shared request in flight, at most for the
     * provider's wait timeout.
     *
     * @return a token that may be sent to the resource server now
     * @throws TokenException when no usable token could be obtained: the failure of the request
     *     (every caller that waited for that request, and every caller arriving during the backoff
     *     after it, without a new request, gets an exception of its own: same class, message and
     *     accessors, its own stack trace, the request's one failure as its cause), a
     *     {@link TransportException} whose {@code isTimeout()} is true when the wait timeout elapsed
     *     (the request carries on for later callers), a {@link TransportException} when the
     *     waiting thread was interrupted (its interrupt flag is restored; the request is not
     *     cancelled), a {@link TransportException} at once when no thread is free to send the
     *     request (the request is never sent on the calling thread), or a {@link TransportException}
     *     when the endpoint answered with a token already within its hard margin of expiry (such a
     *     token is never returned); a failure that is not a {@code TokenException} (a bug in the
     *     client, an {@code Error}, a checked exception) is the cause of a {@code TokenException}
     * @throws IllegalStateException when the provider has been closed
     */
    AccessToken token();

    /**
     * Reports that a resource server rejected {@code rejected} (typically with HTTP 401).
     *
     * <p>This is compare-and-invalidate: the cached token is dropped only if it is still the
     * rejected one (same value), so a burst of 401 responses for the same token leads to a single
     * new request to the token endpoint. The next {@link #token()} call fetches a new token. It does
     * not block, so it may be called on an HTTP client's network thread.
     *
     * @param rejected the token the resource server refused; {@code null} is ignored
     */
    void invalidate(AccessToken rejected);

    /**
     * Stops background work for this provider and releases the shared threads it holds.
     *
     * <p>Idempotent. After closing, {@link #token()} throws {@link IllegalStateException}.
     */
    @Override
    void close();
}
