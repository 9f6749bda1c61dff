package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TokenVerificationException;
import dev.commerceauth.core.TransportException;

/**
 * Gives each caller its own exception for a failure that many callers share (the failure of the one
 * request they all waited for, or the failure served during the backoff after it), as
 * {@code CompletableFuture.join} does: a new object, created on the caller's thread (so its stack trace
 * is the caller's), whose {@linkplain Throwable#getCause() cause} is the shared failure. A caller may
 * add suppressed exceptions to its own copy, or otherwise change it, without touching the others'.
 *
 * <ul>
 *   <li>An exception of the SDK ({@link OAuthErrorException}, {@link RateLimitedException},
 *       {@link TransportException}, {@link InvalidResponseException}, {@link TokenVerificationException},
 *       {@link TokenException}) is copied as the same class with the same message and every accessor
 *       equal ({@code httpStatus}, {@code error}, {@code errorDescription}, {@code providerCode},
 *       {@code title}, {@code responseBody}, {@code retryAfter}, {@code isTimeout}, {@code isRetryable}).</li>
 *   <li>A subclass of those from elsewhere (a third-party {@code TokenClient}'s own) is copied as its
 *       nearest SDK class, so that the same {@code catch} clauses match; the original, with its own class,
 *       is the cause.</li>
 *   <li>Anything else (a {@code RuntimeException} that is not a {@link TokenException}, an {@code Error},
 *       a checked exception) becomes a {@link TokenException} saying that the failure did not come from the
 *       token endpoint, with the original as the cause.</li>
 * </ul>
 * Only public constructors are used; nothing is copied by reflection.
 */
final class CallerCopies {

    private CallerCopies() {
    }

    /**
     * The caller's own exception for {@code shared}.
     *
     * @param shared the failure every caller of one request gets
     * @return a new exception whose cause is {@code shared}
     */
    static RuntimeException of(Throwable shared) {
        if (!(shared instanceof TokenException)) {
            return CacheErrors.unexpected(shared);
        }
        if (shared instanceof RateLimitedException) {
            RateLimitedException e = (RateLimitedException) shared;
            return withCause(new RateLimitedException(e.getMessage(), e.httpStatus(), e.error(),
                    e.errorDescription().orElse(null), e.providerCode().orElse(null), e.title().orElse(null),
                    e.responseBody(), e.retryAfter().orElse(null)), e);
        }
        if (shared instanceof OAuthErrorException) {
            OAuthErrorException e = (OAuthErrorException) shared;
            return withCause(new OAuthErrorException(e.getMessage(), e.httpStatus(), e.error(),
                    e.errorDescription().orElse(null), e.providerCode().orElse(null), e.title().orElse(null),
                    e.responseBody()), e);
        }
        if (shared instanceof TransportException) {
            TransportException e = (TransportException) shared;
            return new TransportException(e.getMessage(), e, e.isTimeout());
        }
        if (shared instanceof InvalidResponseException) {
            InvalidResponseException e = (InvalidResponseException) shared;
            return new InvalidResponseException(e.getMessage(), e.httpStatus(), e);
        }
        if (shared instanceof TokenVerificationException) {
            return new TokenVerificationException(shared.getMessage(), shared);
        }
        return new TokenException(shared.getMessage(), shared);
    }

    private static RuntimeException withCause(RuntimeException copy, Throwable cause) {
        copy.initCause(cause);
        return copy;
    }
}
