package dev.commerceauth.core;

import java.util.Objects;

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
        super(Checks.clientId(b.clientId),
                Checks.secret(b.clientSecretRaw, b.clientSecret, "clientSecret"),
                Checks.scope(b.scope));
        this.code = Checks.secret(b.codeRaw, b.code, "code");
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
    void describe(StringBuilder b) {
        b.append(", code=****, redirectUri=").append(redirectUri);
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
        if (!(o instanceof AuthorizationCodeGrant)) {
            return false;
        }
        AuthorizationCodeGrant g = (AuthorizationCodeGrant) o;
        return baseEquals(g) && code.equals(g.code) && redirectUri.equals(g.redirectUri);
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(baseHash(), code, redirectUri);
    }

    /** Builds an {@link AuthorizationCodeGrant}; not thread-safe. */
    public static final class Builder {
        private String clientId;
        private String clientSecretRaw;
        private Secret clientSecret;
        private Scope scope;
        private String codeRaw;
        private Secret code;
        private String redirectUri;

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
         * Sets the client secret (required).
         *
         * @param clientSecret the client secret, validated like {@link Secret#of(String)} in {@link #build()}
         * @return this builder
         */
        public Builder clientSecret(String clientSecret) {
            this.clientSecretRaw = clientSecret;
            this.clientSecret = null;
            return this;
        }

        /**
         * Sets the client secret (required).
         *
         * @param clientSecret the client secret
         * @return this builder
         */
        public Builder clientSecret(Secret clientSecret) {
            this.clientSecret = clientSecret;
            this.clientSecretRaw = null;
            return this;
        }

        /**
         * Sets the authorization code (required).
         *
         * @param code the code, validated like {@link Secret#of(String)} in {@link #build()}
         * @return this builder
         */
        public Builder code(String code) {
            this.codeRaw = code;
            this.code = null;
            return this;
        }

        /**
         * Sets the authorization code (required).
         *
         * @param code the code
         * @return this builder
         */
        public Builder code(Secret code) {
            this.code = code;
            this.codeRaw = null;
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
         * Sets the requested scope (optional).
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
        public AuthorizationCodeGrant build() {
            return new AuthorizationCodeGrant(this);
        }
    }
}
