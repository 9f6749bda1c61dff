package dev.commerceauth.core;

import java.util.Map;

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
        super(b, false);
        this.username = Checks.text(b.username, "username");
        this.password = b.password.required();
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
     * Yes: once a token came with a refresh token, it is renewed with it.
     *
     * @return {@code true}
     */
    @Override
    public boolean renewsWithRefreshToken() {
        return true;
    }

    /**
     * Yes: the user name and password stay valid after a rejected refresh token.
     *
     * @return {@code true}
     */
    @Override
    public boolean regrantsAfterRejectedRefresh() {
        return true;
    }

    @Override
    String impliedSubject() {
        return username;
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
    Map<String, Object> ownFields() {
        return fields("username", username, "password", password);
    }

    /**
     * Builds a {@link PasswordGrant}: user name and password here, client id (required), client
     * secret (optional) and scope (optional) with the methods of {@link Grant.Builder}; not
     * thread-safe.
     */
    public static final class Builder extends Grant.Builder<Builder> {
        private String username;
        private final SecretInput password = new SecretInput("password", Secret::ofPassword);

        private Builder() {
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
         * Sets the password (required). Non-ASCII letters are allowed: a password only travels in
         * the request body.
         *
         * @param password the password, validated like {@link Secret#ofPassword(String)} in
         *     {@link #build()}
         * @return this builder
         */
        public Builder password(String password) {
            this.password.text(password);
            return this;
        }

        /**
         * Sets the password (required).
         *
         * @param password the password, for example from {@link Secret#ofPassword(String)}
         * @return this builder
         */
        public Builder password(Secret password) {
            this.password.secret(password);
            return this;
        }

        /**
         * Validates the fields and builds the grant.
         *
         * @return the grant
         * @throws IllegalArgumentException if a required field is missing or a value is malformed
         */
        @Override
        public PasswordGrant build() {
            return new PasswordGrant(this);
        }
    }
}
