package dev.commerceauth.core.internal.cache;

/**
 * Where a grant's renewal stands: the refresh token to use next, whether it was adopted from a
 * {@code TokenStore} or obtained by this cache, when the token that carried it was issued, the last
 * refresh token this cache obtained itself, and whether a single-use credential (an authorization
 * code) has been spent. Immutable: each transition returns a new state, which {@link Renewal} swaps
 * in atomically. {@link #toString()} never shows a refresh token.
 */
final class RenewalState {

    /** {@link #issuedAt()} when the issue time is unknown. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final String refreshToken;
    private final long issuedAt;
    private final boolean adopted;
    private final String ownRefreshToken;
    private final boolean codeSpent;

    private RenewalState(String refreshToken, long issuedAt, boolean adopted, String ownRefreshToken,
            boolean codeSpent) {
        this.refreshToken = refreshToken;
        this.issuedAt = issuedAt;
        this.adopted = adopted;
        this.ownRefreshToken = ownRefreshToken;
        this.codeSpent = codeSpent;
    }

    /**
     * The state before the first request.
     *
     * @param refreshToken the refresh token the grant itself carries (a refresh token grant's), or
     *     null when the first token comes from a full grant
     */
    static RenewalState startingWith(String refreshToken) {
        return new RenewalState(refreshToken, UNKNOWN, false, refreshToken, false);
    }

    /** The refresh token to use next, or null when there is none. */
    String refreshToken() {
        return refreshToken;
    }

    /** When the token that carried {@link #refreshToken()} was issued (epoch millis), or {@link #UNKNOWN}. */
    long issuedAt() {
        return issuedAt;
    }

    /** Whether {@link #refreshToken()} was adopted from the store rather than obtained by this cache. */
    boolean adopted() {
        return adopted;
    }

    /** The last refresh token this cache obtained itself, or null. */
    String ownRefreshToken() {
        return ownRefreshToken;
    }

    /** Whether the grant's single-use credential (an authorization code) has been spent. */
    boolean codeSpent() {
        return codeSpent;
    }

    /**
     * The refresh token to try once when the current one, adopted from the store, was rejected:
     * this cache's own, if it is a different one; else null.
     */
    String fallback() {
        return adopted && ownRefreshToken != null && !ownRefreshToken.equals(refreshToken) ? ownRefreshToken : null;
    }

    /** Whether a refresh token issued at {@code otherIssuedAt} (epoch millis) is newer than the current one. */
    boolean isOlderThan(long otherIssuedAt) {
        return otherIssuedAt > issuedAt;
    }

    /**
     * A token arrived with refresh token {@code rotated}, issued at {@code at}: it is the one to
     * use next; if this cache obtained it itself ({@code adopted} false) it is also its own.
     */
    RenewalState rotated(String rotated, long at, boolean adopted) {
        return new RenewalState(rotated, at, adopted, adopted ? ownRefreshToken : rotated, codeSpent);
    }

    /** The refresh tokens were rejected: none is left to use. */
    RenewalState rejected() {
        return new RenewalState(null, issuedAt, adopted, null, codeSpent);
    }

    /**
     * {@code value} was revoked: neither the refresh token to use next nor this cache's own may be
     * it any more. When the next one was revoked, this cache's own (if another) is next; the state
     * is unchanged if neither is {@code value}.
     */
    RenewalState without(String value) {
        if (!holds(value)) {
            return this;
        }
        String own = value.equals(ownRefreshToken) ? null : ownRefreshToken;
        if (value.equals(refreshToken)) {
            return new RenewalState(own, issuedAt, false, own, codeSpent);
        }
        return new RenewalState(refreshToken, issuedAt, adopted, own, codeSpent);
    }

    /** Whether {@code value} is the refresh token to use next or this cache's own. */
    boolean holds(String value) {
        return value.equals(refreshToken) || value.equals(ownRefreshToken);
    }

    /** The single-use credential was judged by the server (or exchanged): it is never sent again. */
    RenewalState spent() {
        return new RenewalState(refreshToken, issuedAt, adopted, ownRefreshToken, true);
    }

    /**
     * Describes the state without revealing refresh tokens.
     *
     * @return which refresh tokens are present, whether adopted, and whether the code is spent
     */
    @Override
    public String toString() {
        return "RenewalState{refreshToken=" + (refreshToken == null ? "none" : "present")
                + ", adopted=" + adopted + ", ownRefreshToken=" + (ownRefreshToken == null ? "none" : "present")
                + ", codeSpent=" + codeSpent + "}";
    }
}
