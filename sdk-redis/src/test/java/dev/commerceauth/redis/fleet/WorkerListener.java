package dev.commerceauth.redis.fleet;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProviderListener;
import java.time.Duration;

/** Reports the provider's events (fetched, refreshed, adopted, refresh failed, invalidated) as worker events. */
final class WorkerListener implements TokenProviderListener {

    private final WorkerOutput out;

    WorkerListener(WorkerOutput out) {
        this.out = out;
    }

    @Override
    public void fetched(AccessToken token) {
        out.event("fetched", "expiresAt=" + token.expiresAt().toEpochMilli());
    }

    @Override
    public void refreshed(AccessToken previous, AccessToken current) {
        out.event("refreshed", "expiresAt=" + current.expiresAt().toEpochMilli());
    }

    @Override
    public void adopted(AccessToken previous, AccessToken current) {
        out.event("adopted", "expiresAt=" + current.expiresAt().toEpochMilli());
    }

    @Override
    public void refreshFailed(RuntimeException error, Duration nextAttemptIn, boolean tokenStillServed) {
        out.event("refresh-failed", error.getClass().getSimpleName() + " stillServed=" + tokenStillServed);
    }

    @Override
    public void invalidated(AccessToken token) {
        out.event("invalidated", "");
    }
}
