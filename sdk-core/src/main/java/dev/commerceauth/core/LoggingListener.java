package dev.commerceauth.core;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The default listener: FINE-level java.util.logging with masked tokens. */
final class LoggingListener implements TokenProviderListener {

    static final LoggingListener INSTANCE = new LoggingListener();

    private static final Logger LOG = Logger.getLogger("dev.commerceauth.core.TokenProvider");

    private LoggingListener() {
    }

    @Override
    public void fetched(AccessToken token) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("Fetched token " + token);
        }
    }

    @Override
    public void refreshed(AccessToken previous, AccessToken current) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("Refreshed token " + previous + " -> " + current);
        }
    }

    @Override
    public void adopted(AccessToken previous, AccessToken current) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("Adopted token " + current + " from the store" + (previous == null ? "" : ", replacing " + previous));
        }
    }

    @Override
    public void refreshFailed(RuntimeException error, Duration nextAttemptIn, boolean tokenStillServed) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("Token request failed (" + error.getClass().getSimpleName() + ": " + error.getMessage()
                    + "); next attempt in " + nextAttemptIn.toMillis() + " ms"
                    + (tokenStillServed ? ", still serving the previous token" : ""));
        }
    }

    @Override
    public void invalidated(AccessToken token) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("Invalidated token " + token);
        }
    }

    @Override
    public void servedWhileRefreshing(AccessToken token) {
        if (LOG.isLoggable(Level.FINEST)) {
            LOG.finest("Served token inside its soft margin " + token);
        }
    }
}
