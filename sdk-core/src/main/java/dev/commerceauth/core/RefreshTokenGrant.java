package dev.commerceauth.core;

import java.util.Map;
import java.util.Optional;

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
        super(b, false);
        this.refreshToken = b.refreshToken.required();
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
     * Yes: it renews with its own refresh token, then with each rotated one.
     *
     * @return {@code true}
     */
    @Override
    public boolean renewsWithRefreshToken() {
        return true;
    }

    /**
     * The refresh token this grant exchanges.
     *
     * @return {@link #refreshToken()}
     */
    @Override
    public Optional<Secret> initialRefreshToken() {
        return Optional.of(refreshToken);
    }

    /**
     * Yes: the tokens belong to a user whom the grant does not name.
     *
     * @return {@code true}
     */
    @Override
    public boolean requiresSubject() {
        return true;
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
    Map<String, Object> ownFields() {
        return fields("refreshToken", refreshToken);
    }

    /**
     * Builds a {@link RefreshTokenGrant}: the refresh token here, client id (required), client
     * secret (optional; Commerce Layer webapps need it) and scope (optional; Commerce Layer wants
     * the original scope repeated) with the methods of {@link Grant.Builder}; not thread-safe.
     */
    public static final class Builder extends Grant.Builder<Builder> {
        private final SecretInput refreshToken = new SecretInput("refreshToken", Secret::of);

        private Builder() {
        }

        /**
         * Sets the refresh token (required).
         *
         * @param refreshToken the refresh token, validated like {@link Secret#of(String)} in {@link #build()}
         * @return this builder
         */
        public Builder refreshToken(String refreshToken) {
            this.refreshToken.text(refreshToken);
            return this;
        }

        /**
         * Sets the refresh token (required).
         *
         * @param refreshToken the refresh token
         * @return this builder
         */
        public Builder refreshToken(Secret refreshToken) {
            this.refreshToken.secret(refreshToken);
            return this;
        }

        /**
         * Validates the fields and builds the grant.
         *
         * @return the grant
         * @throws IllegalArgumentException if a required field is missing or a value is malformed
         */
        @Override
        public RefreshTokenGrant build() {
            return new RefreshTokenGrant(this);
        }
    }
}
