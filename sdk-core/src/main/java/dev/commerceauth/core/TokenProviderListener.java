package dev.commerceauth.core;

import java.time.Duration;
import java.util.logging.Level;

/**
 * Observes what a {@link CachingTokenProvider} does, for logging and metrics.
 *
 * <p>Every method has a no-op default, so an implementation overrides only what it needs. Methods
 * are called synchronously, on the thread that observed the event (a caller of
 * {@link TokenProvider#token()} or a shared refresh thread); keep them fast and non-blocking.
 * Exceptions thrown by a listener are caught and ignored. Tokens passed to a listener print
 * masked through {@link AccessToken#toString()}; do not log {@link AccessToken#value()}.
 *
 * <p>When no listener is configured the provider uses {@link #logging()}, which logs every event at
 * {@link Level#FINE} through {@code java.util.logging} ({@link #servedWhileRefreshing}, which can
 * fire on every call, at {@link Level#FINEST}).
 */
public interface TokenProviderListener {

    /**
     * A token was obtained while callers had no usable token (the first fetch, or a fetch after
     * expiry or invalidation); callers waiting for it resume with it.
     *
     * @param token the new token
     */
    default void fetched(AccessToken token) {
    }

    /**
     * A background refresh replaced a token that was still usable.
     *
     * @param previous the token that was served until now
     * @param current the new token; may have the same value when the server hands back the
     *     token it had issued before
     */
    default void refreshed(AccessToken previous, AccessToken current) {
    }

    /**
     * A token that another provider (typically another process) wrote to the shared
     * {@link CoordinatedTokenStore} was taken instead of sending a request of this provider's own:
     * the fleet made one request and this provider adopted its result.
     *
     * @param previous the token served until now, or {@code null} if there was no usable one
     * @param current the adopted token
     */
    default void adopted(AccessToken previous, AccessToken current) {
    }

    /**
     * A request to the token endpoint failed.
     *
     * @param error the failure
     * @param nextAttemptIn how long the provider waits before it sends the next request
     * @param tokenStillServed {@code true} when the previous token is still usable and callers
     *     keep getting it; {@code false} when callers get {@code error} (each an exception of its
     *     own, of the same class, whose cause is {@code error})
     */
    default void refreshFailed(RuntimeException error, Duration nextAttemptIn, boolean tokenStillServed) {
    }

    /**
     * The cached token was dropped after {@link TokenProvider#invalidate(AccessToken)}, or because
     * it (or its refresh token) was revoked through the provider's client.
     *
     * @param token the dropped token
     */
    default void invalidated(AccessToken token) {
    }

    /**
     * A caller was served a token that is inside its soft margin (refresh ahead is due, in
     * flight or backing off).
     *
     * @param token the token served
     */
    default void servedWhileRefreshing(AccessToken token) {
    }

    /**
     * Returns the default listener, which logs each event at {@link Level#FINE} (served while
     * refreshing at {@link Level#FINEST}) to the logger {@code dev.commerceauth.core.TokenProvider}
     * with masked tokens.
     *
     * @return the logging listener
     */
    static TokenProviderListener logging() {
        return LoggingListener.INSTANCE;
    }
}
