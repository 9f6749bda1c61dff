package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;

/**
 * A cached token with its margins precomputed as epoch millis, so that the hot path compares two
 * longs and allocates nothing. Immutable. Public only for the facade's hot path, which reads
 * {@link #token} and {@link #softAt}. Internal API: not covered by compatibility guarantees.
 */
public final class CacheEntry {

    /** The token. */
    public final AccessToken token;
    /** From this instant (epoch millis) on, a refresh ahead is due. */
    public final long softAt;
    /** From this instant (epoch millis) on, the token is no longer handed out. */
    final long hardAt;
    /** The lifetime the margins were computed from. */
    final long lifetimeMillis;

    private CacheEntry(AccessToken token, RefreshPolicy policy, long lifetimeMillis) {
        this.token = token;
        this.lifetimeMillis = lifetimeMillis;
        long expiresAt = token.expiresAt().toEpochMilli();
        this.softAt = expiresAt - policy.softMarginMillis(lifetimeMillis);
        this.hardAt = expiresAt - policy.hardMarginMillis(lifetimeMillis);
    }

    /** An entry with margins from the token's own lifetime. */
    static CacheEntry of(AccessToken token, RefreshPolicy policy) {
        return new CacheEntry(token, policy, token.lifetime().toMillis());
    }

    /**
     * The entry for {@code token} as the next one after this: the same token handed back again
     * cannot be fresher than when it was first issued, so it keeps the margins of its original
     * lifetime (a same-token server cannot make the cache spin); a new token gets its own.
     */
    CacheEntry next(AccessToken token, RefreshPolicy policy) {
        return isSameToken(token) ? new CacheEntry(token, policy, lifetimeMillis) : of(token, policy);
    }

    /** Whether {@code other} has this entry's access token value. */
    boolean isSameToken(AccessToken other) {
        return token.value().equals(other.value());
    }

    /** Whether the token may still be handed out at {@code now} (before its hard margin). */
    boolean usableAt(long now) {
        return now < hardAt;
    }

    /** Whether the token is still outside its soft margin at {@code now}. */
    boolean freshAt(long now) {
        return now < softAt;
    }
}
