package dev.commerceauth.core;

import java.util.Objects;

/**
 * The resource owner {@code password} grant: a user (a Shopware admin user, a Commerce Layer
 * customer) signs in with user name and password. For Shopware the client id is
 * {@code administration} (see {@code ShopwareAuth.passwordGrant}).
 */
public final class PasswordGrant extends Grant {

    /** The wire value {@code password}. */
    public static final String GRANT_TYPE = "password";

    private final String username;
    private final Secret password;

    private PasswordGrant(Builder b) {
        super(Checks.clientId(b.clientId),
                Checks.optionalSecret(b.clientSecretRaw, b.clientSecret, b.clientSecretRawSet, "clientSecret"),
                Checks.scope(b.scope));
        this.username = Checks.text(b.username, "username");
        this.password = Checks.secret(b.passwordRaw, b.password, "password");
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
     * Returns {@code password}.
     *
     * @return the wire value of the grant type
     */
    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    /**
     * The user name (for Commerce Layer the customer's email).
     *
     * @return the user name
     */
    public String username() {
        return username;
    }

    /**
     * The user's password.
     *
     * @return the password
     */
    public Secret password() {
        return password;
    }

    @Override
    void describe(StringBuilder b) {
        b.append(", username=").append(username).append(", password=****");
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
        if (!(o instanceof PasswordGrant)) {
            return false;
        }
        PasswordGrant g = (PasswordGrant) o;
        return baseEquals(g) && username.equals(g.username) && password.equals(g.password);
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(baseHash(), username, password);
    }

    /** Builds a {@link PasswordGrant}; not thread-safe. */
    public static final class Builder {
        private String clientId;
        private String clientSecretRaw;
        private boolean clientSecretRawSet;
        private Secret clientSecret;
        private Scope scope;
        private String username;
        private String passwordRaw;
        private Secret password;

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
         * Sets the client secret (optional).
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
         * Sets the user name (required).
         *
         * @param username the user name, not blank, no control characters
         * @return this builder
         */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * Sets the password (required).
         *
         * @param password the password, validated like {@link Secret#of(String)} in {@link #build()}
         * @return this builder
         */
        public Builder password(String password) {
            this.passwordRaw = password;
            this.password = null;
            return this;
        }

        /**
         * Sets the password (required).
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(Secret password) {
            this.password = password;
            this.passwordRaw = null;
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
        public PasswordGrant build() {
            return new PasswordGrant(this);
        }
    }
}
