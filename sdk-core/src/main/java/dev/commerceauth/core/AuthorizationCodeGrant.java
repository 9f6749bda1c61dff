package dev.commerceauth.core;

import java.util.Map;

/**
 * The {@code authorization_code} grant (Commerce Layer webapps): exchanges the code the user's
 * browser brought back to the redirect URI. Client id, client secret, code and redirect URI are
 * all required.
 */
public final class AuthorizationCodeGrant extends Grant {

    /** The wire value {@code authorization_code}. */
    public static final String GRANT_TYPE = "authorization_code";

    private final Secret code;
    private final String redirectUri;

    private AuthorizationCodeGrant(Builder b) {
        super(b, true);
        this.code = b.code.required();
        this.redirectUri = Checks.redirectUri(b.redirectUri);
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
     * Returns {@code authorization_code}.
     *
     * @return the wire value of the grant type
     */
    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    /**
     * Yes: once a token came with a refresh token, it is renewed with it.
     *
     * @return {@code true}
     */
    @Override
    public boolean renewsWithRefreshToken() {
        return true;
    }

    /**
     * Yes: an authorization code can be exchanged only once.
     *
     * @return {@code true}
     */
    @Override
    public boolean isSingleUse() {
        return true;
    }

    /**
     * Yes: the tokens belong to the user who authorized the application, whom the grant does not name.
     *
     * @return {@code true}
     */
    @Override
    public boolean requiresSubject() {
        return true;
    }

    /**
     * The authorization code.
     *
     * @return the code
     */
    public Secret code() {
        return code;
    }

    /**
     * The redirect URI registered for the application.
     *
     * @return the absolute redirect URI
     */
    public String redirectUri() {
        return redirectUri;
    }

    @Override
    Map<String, Object> ownFields() {
        return fields("code", code, "redirectUri", redirectUri);
    }

    /**
     * Builds an {@link AuthorizationCodeGrant}: code and redirect URI here, client id and client
     * secret (both required) and scope (optional) with the methods of {@link Grant.Builder}; not
     * thread-safe.
     */
    public static final class Builder extends Grant.Builder<Builder> {
        private final SecretInput code = new SecretInput("code", Secret::of);
        private String redirectUri;

        private Builder() {
        }

        /**
         * Sets the authorization code (required).
         *
         * @param code the code, validated like {@link Secret#of(String)} in {@link #build()}
         * @return this builder
         */
        public Builder code(String code) {
            this.code.text(code);
            return this;
        }

        /**
         * Sets the authorization code (required).
         *
         * @param code the code
         * @return this builder
         */
        public Builder code(Secret code) {
            this.code.secret(code);
            return this;
        }

        /**
         * Sets the redirect URI (required): absolute, http or https.
         *
         * @param redirectUri the redirect URI
         * @return this builder
         */
        public Builder redirectUri(String redirectUri) {
            this.redirectUri = redirectUri;
            return this;
        }

        /**
         * Validates the fields and builds the grant.
         *
         * @return the grant
         * @throws IllegalArgumentException if a required field is missing or a value is malformed
         */
        @Override
        public AuthorizationCodeGrant build() {
            return new AuthorizationCodeGrant(this);
        }
    }
}
