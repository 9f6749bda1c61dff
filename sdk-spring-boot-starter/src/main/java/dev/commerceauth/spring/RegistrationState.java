package dev.commerceauth.spring;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProviderListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one registration's provider did last, for its health: the last outcome, when, the failure's
 * class, and the current token's expiry. Keeps no token, only instants and names.
 */
final class RegistrationState implements TokenProviderListener {

    /** The last event's outcome. */
    enum Outcome { NONE, FETCHED, REFRESHED, ADOPTED, FAILED, INVALIDATED }

    /** One immutable snapshot, replaced as a whole so that readers see consistent fields. */
    private record Snapshot(Outcome outcome, Instant at, String error, boolean tokenStillServed, Instant expiresAt) {
    }

    private final String provider;
    private final String grantType;
    private final Clock clock;
    private volatile Snapshot last = new Snapshot(Outcome.NONE, null, null, false, null);

    RegistrationState(String provider, String grantType, Clock clock) {
        this.provider = provider;
        this.grantType = grantType;
        this.clock = clock;
    }

    @Override
    public void fetched(AccessToken token) {
        last = new Snapshot(Outcome.FETCHED, clock.instant(), null, true, token.expiresAt());
    }

    @Override
    public void refreshed(AccessToken previous, AccessToken current) {
        last = new Snapshot(Outcome.REFRESHED, clock.instant(), null, true, current.expiresAt());
    }

    /** A token adopted from a shared store (another process's request). */
    @Override
    public void adopted(AccessToken previous, AccessToken current) {
        last = new Snapshot(Outcome.ADOPTED, clock.instant(), null, true, current.expiresAt());
    }

    @Override
    public void refreshFailed(RuntimeException error, Duration nextAttemptIn, boolean tokenStillServed) {
        Snapshot before = last;
        last = new Snapshot(Outcome.FAILED, clock.instant(), error.getClass().getSimpleName(), tokenStillServed,
                tokenStillServed ? before.expiresAt() : null);
    }

    @Override
    public void invalidated(AccessToken token) {
        last = new Snapshot(Outcome.INVALIDATED, clock.instant(), null, false, null);
    }

    /** Whether the registration is healthy: not after a failure that left callers without a token. */
    boolean isUp() {
        Snapshot s = last;
        return s.outcome() != Outcome.FAILED || s.tokenStillServed();
    }

    /** Health details: never a token, client id or user name. */
    Map<String, Object> details() {
        Snapshot s = last;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("grantType", grantType);
        details.put("lastRefresh", s.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (s.at() != null) {
            details.put("lastRefreshAt", s.at().toString());
        }
        if (s.error() != null) {
            details.put("error", s.error());
            details.put("tokenStillServed", s.tokenStillServed());
        }
        if (s.expiresAt() != null) {
            details.put("expiresAt", s.expiresAt().toString());
            details.put("expiresInSeconds", Duration.between(clock.instant(), s.expiresAt()).getSeconds());
        }
        return details;
    }

    @Override
    public String toString() {
        return "RegistrationState" + details();
    }
}
