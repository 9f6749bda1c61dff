package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProviderListener;
import java.time.Duration;
import java.util.logging.Level;

/**
 * Calls a {@link TokenProviderListener} so that it never breaks the cache: whatever a listener
 * method throws is logged at {@link Level#FINE} and ignored.
 */
final class SafeListener {

    private final TokenProviderListener listener;

    SafeListener(TokenProviderListener listener) {
        this.listener = listener;
    }

    void fetched(AccessToken token) {
        try {
            listener.fetched(token);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void refreshed(AccessToken previous, AccessToken current) {
        try {
            listener.refreshed(previous, current);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void adopted(AccessToken previous, AccessToken current) {
        try {
            listener.adopted(previous, current);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void refreshFailed(RuntimeException error, long delayMillis, boolean stillServed) {
        try {
            listener.refreshFailed(error, Duration.ofMillis(delayMillis), stillServed);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void invalidated(AccessToken token) {
        try {
            listener.invalidated(token);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void servedWhileRefreshing(AccessToken token) {
        try {
            listener.servedWhileRefreshing(token);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private static void failed(RuntimeException e) {
        CacheLog.LOG.log(Level.FINE, "TokenProviderListener threw; ignored", e);
    }
}
