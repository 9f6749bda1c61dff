/**
 * The parts of {@link dev.commerceauth.core.CachingTokenProvider}, which is their facade.
 * Not part of the public API: it may change in any release.
 *
 * <ul>
 *   <li>{@link dev.commerceauth.core.internal.cache.TokenCache}: the engine, tying the parts together: serve,
 *       refresh ahead, wait, adopt from the store, fail;</li>
 *   <li>{@code SingleFlight}: the one request in flight, the lanes it runs on, waiting with a deadline and
 *       promotion of a refresh ahead to the waiting lane;</li>
 *   <li>{@code Renewal} and its immutable {@code RenewalState}: which grant to send next (refresh token, own
 *       or adopted, or the full grant), asked of the grant's capabilities;</li>
 *   <li>{@code StoreBridge}: time-bounded {@code TokenStore} calls on the store lane, paused after a timeout;</li>
 *   <li>{@code FailureState}: the last failure, the backoff after it, and which failures are a verdict on the
 *       credentials (the only ones that drop a usable token);</li>
 *   <li>{@code CallerCopies}: each waiting caller's own exception, caused by the one shared failure;</li>
 *   <li>{@code RevokedTokens}: tokens revoked through the client, never handed out, adopted or renewed with
 *       again;</li>
 *   <li>{@code CacheEntry}, {@code SafeListener}, {@code CacheErrors}, {@code CacheLog}: the cached token with
 *       its margins, listener calls that never throw, the cache's own exceptions, its logger;</li>
 *   <li>{@link dev.commerceauth.core.internal.cache.RefreshPolicy}: the timing rules and the one place of their
 *       defaults;</li>
 *   <li>{@link dev.commerceauth.core.internal.cache.SharedRefreshExecutor}: the shared, bounded threads.</li>
 * </ul>
 */
package dev.commerceauth.core.internal.cache;
