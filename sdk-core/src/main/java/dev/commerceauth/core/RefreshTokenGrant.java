package dev.commerceauth.core;

import java.util.Objects;

/**
 * The {@code refresh_token} grant: exchanges a refresh token from an earlier answer for a new
 * access token. Shopware rotates the refresh token on every use; Commerce Layer wants the original
 * scope repeated, which {@link #forToken(Grant, String)} does.
 */
public final class RefreshTokenGrant extends Grant {

    /** The wire value {@code refresh_token}. */
    public static final String GRANT_TYPE = "refresh_token";

    private final Secret refreshToken;

    private RefreshTokenGrant(Builder b) {
        super(Checks.clientId(b.clientId),
                Checks.optionalSecret(b.clientSecretRaw, b.clientSecret, b.clientSecretRawSet, "clientSecret"),
                Checks.scope(b.scope));
        this.refreshToken = Checks.secret(b.refreshTokenRaw, b.refreshToken, "refreshToken");
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A refresh grant for a refresh token obtained with {@code original}: copies the client id,
     * the client secret and the scope of the original grant.
     *
     * @param original the grant that produced the refresh token
     * @param refreshToken the refresh token
     * @return the refresh grant
     * @throws IllegalArgumentException if {@code original} is null or the refresh token is malformed
     */
    public static RefreshTokenGrant forToken(Grant original, String refreshToken) {
        if (original == null) {
            throw new IllegalArgumentException("original grant must not be null");
        }
        return builder()
                .clientId(original.clientId())
                .clientSecret(original.clientSecret().orElse(null))
                .scope(original.scope())
                .refreshToken(refreshToken)
                .build();
    }

    /**
     * Returns {@code refresh_token}.
     *
     * @return the wire value of the grant type
     */
    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    /**
     * The refresh token.
     *
     * @return the refresh token
     */
    public Secret refreshToken() {
        return refreshToken;
    }

    @Override
    void describe(StringBuilder b) {
        b.append(", refreshToken=****");
    }

    /**
     * Grants are equal when all their fields are.
     *
     * @param o the other object
     * @return whether {@code o} is the same grant
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RefreshTokenGrant)) {
            return false;
        }
        RefreshTokenGrant g = (RefreshTokenGrant) o;
        return baseEquals(g) && refreshToken.equals(g.refreshToken);
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(baseHash(), refreshToken);
    }

    /** Builds a {@link RefreshTokenGrant}; not thread-safe. */
    public static final class Builder {
        private String clientId;
        private String clientSecretRaw;
        private boolean clientSecretRawSet;
        private Secret clientSecret;
        private Scope scope;
        private String refreshTokenRaw;
        private Secret refreshToken;

        private Builder() {
        }

        /**
         * Sets the client id (required).
         *
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets the client secret (optional; Commerce Layer webapps need it).
         *
         * @param clientSecret the client secret, validated like {@link Secret#of(String)} in {@link #build()}
         * @return this builder
         */
        public Builder clientSecret(String clientSecret) {
            this.clientSecretRaw = clientSecret;
            this.clientSecretRawSet = true;
            this.clientSecret = null;
            return this;
        }

        /**
         * Sets the client secret (optional).
         *
         * @param clientSecret the client secret, or null for none
         * @return this builder
         */
        public Builder clientSecret(Secret clientSecret) {
            this.clientSecret = clientSecret;
            this.clientSecretRaw = null;
            this.clientSecretRawSet = false;
            return this;
        }

        /**
         * Sets the refresh token (required).
         *
         * @param refreshToken the refresh token, validated like {@link Secret#of(String)} in {@link #build()}
         * @return this builder
         */
        public Builder refreshToken(String refreshToken) {
            this.refreshTokenRaw = refreshToken;
            this.refreshToken = null;
            return this;
        }

        /**
         * Sets the refresh token (required).
         *
         * @param refreshToken the refresh token
         * @return this builder
         */
        public Builder refreshToken(Secret refreshToken) {
            this.refreshToken = refreshToken;
            this.refreshTokenRaw = null;
            return this;
        }

        /**
         * Sets the requested scope (optional; Commerce Layer wants the original scope repeated).
         *
         * @param scope the scope; null means {@link Scope#none()}
         * @return this builder
         */
        public Builder scope(Scope scope) {
            this.scope = scope;
            return this;
        }

        /**
         * Validates the fields and builds the grant.
         *
         * @return the grant
         * @throws IllegalArgumentException if a required field is missing or a value is malformed
         */
        public RefreshTokenGrant build() {
            return new RefreshTokenGrant(this);
        }
    }
}
