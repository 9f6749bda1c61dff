package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TransportException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** The exceptions the cache raises itself (as opposed to those of the token client). */
final class CacheErrors {

    private CacheErrors() {
    }

    static IllegalStateException closed() {
        return new IllegalStateException("TokenProvider is closed; build a new one with"
                + " TokenClient.tokenProvider(grant) or CachingTokenProvider.builder(client, grant)");
    }

    static TransportException waitTimeout(long timeoutNanos) {
        return new TransportException("Timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                + " ms waiting for the token endpoint; the request carries on for later callers", null, true);
    }

    static TransportException leaseWaitTimeout(long waitedNanos) {
        return new TransportException("Timed out after " + TimeUnit.NANOSECONDS.toMillis(waitedNanos)
                + " ms waiting for another process to write the shared token (it holds the store's lease);"
                + " the next call looks again and takes over once that lease has expired", null, true);
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

    /** A {@link Throwable} as the runtime exception the cache reports: itself, or wrapped. */
    static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException ? (RuntimeException) t : unexpected(t);
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

    static InvalidResponseException noToken() {
        return new InvalidResponseException("The token client returned no token", 0);
    }

    static TransportException arrivedInsideHardMargin(AccessToken token, CacheEntry entry, long now) {
        long left = token.expiresAt().toEpochMilli() - now;
        long took = now - token.issuedAt().toEpochMilli();
        return new TransportException("The token endpoint returned a token that is already within its hard"
                + " margin of " + (token.expiresAt().toEpochMilli() - entry.hardAt) + " ms (" + left
                + " ms left; the request took " + took + " ms), so it is not used. The endpoint is too slow"
                + " for the token lifetime, keeps handing back a token close to its expiry, or the clocks"
                + " differ: check expires_in, the call timeout and the hardMargin option; the provider"
                + " retries after a backoff", null, false);
    }

    static InvalidResponseException revokedArrival() {
        return new InvalidResponseException("The token endpoint or the token store handed out a token that was"
                + " revoked through the client (or whose refresh token was), so it is not used; the provider"
                + " retries after a backoff", 0);
    }

    static TransportException storeTimeout(long timeoutNanos, Exception cause) {
        return new TransportException("no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms",
                cause, true);
    }

    /**
     * The user must re-authorize: an {@code invalid_grant} error with {@code message}, carrying the
     * server's answer when there was one ({@code cause}).
     */
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
