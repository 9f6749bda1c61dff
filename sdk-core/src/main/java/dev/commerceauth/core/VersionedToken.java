package dev.commerceauth.core;

import java.util.Objects;

/**
 * A token as a {@link CoordinatedTokenStore} holds it, with the version the store assigned when it
 * was written. Immutable; {@link #toString()} masks the token like {@link AccessToken#toString()}.
 */
public final class VersionedToken {

    private final AccessToken token;
    private final long version;

    private VersionedToken(AccessToken token, long version) {
        this.token = token;
        this.version = version;
    }

    /**
     * Creates a versioned token (for implementations of {@link CoordinatedTokenStore}).
     *
     * @param token the token
     * @param version the version the store assigned, positive
     * @return the versioned token
     * @throws IllegalArgumentException if {@code version} is not positive
     */
    public static VersionedToken of(AccessToken token, long version) {
        Objects.requireNonNull(token, "token");
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, not " + version);
        }
        return new VersionedToken(token, version);
    }

    /**
     * The token.
     *
     * @return the token
     */
    public AccessToken token() {
        return token;
    }

    /**
     * The version the store assigned to the token when it was written; see
     * {@link CoordinatedTokenStore} for what it guarantees.
     *
     * @return the version, positive
     */
    public long version() {
        return version;
    }

    /**
     * Equal when the tokens and the versions are.
     *
     * @param o the other object
     * @return whether {@code o} is the same versioned token
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VersionedToken)) {
            return false;
        }
        VersionedToken v = (VersionedToken) o;
        return version == v.version && token.equals(v.token);
    }

    /**
     * Hash code of the token and version.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * token.hashCode() + Long.hashCode(version);
    }

    /**
     * A description with the token masked.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "VersionedToken{version=" + version + ", token=" + token + '}';
    }
}
