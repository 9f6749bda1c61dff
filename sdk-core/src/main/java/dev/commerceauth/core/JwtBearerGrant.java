package dev.commerceauth.core;

import java.util.Objects;

/**
 * The JWT bearer grant ({@code urn:ietf:params:oauth:grant-type:jwt-bearer}, Commerce Layer):
 * exchanges a signed JWT assertion (at most 4096 characters) for an access token. Client id and
 * client secret are required.
 */
public final class JwtBearerGrant extends Grant {

    /** The wire value {@code urn:ietf:params:oauth:grant-type:jwt-bearer}. */
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** The largest assertion Commerce Layer accepts (4 KB). */
    static final int MAX_ASSERTION_LENGTH = 4096;

    private final Secret assertion;

    private JwtBearerGrant(Builder b) {
        super(Checks.clientId(b.clientId),
                Checks.secret(b.clientSecretRaw, b.clientSecret, "clientSecret"),
                Checks.scope(b.scope));
        Secret a = Checks.secret(b.assertionRaw, b.assertion, "assertion");
        String v = a.reveal();
        if (v.length() > MAX_ASSERTION_LENGTH) {
            throw new IllegalArgumentException("assertion must be at most " + MAX_ASSERTION_LENGTH
                    + " characters, was " + v.length());
        }
        if (!v.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException(
                    "assertion must be a compact JWS: three base64url parts separated by '.'");
        }
        this.assertion = a;
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
     * Returns {@code urn:ietf:params:oauth:grant-type:jwt-bearer}.
     *
     * @return the wire value of the grant type
     */
    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    /**
     * The signed JWT assertion.
     *
     * @return the assertion
     */
    public Secret assertion() {
        return assertion;
    }

    @Override
    void describe(StringBuilder b) {
        b.append(", assertion=****");
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
        if (!(o instanceof JwtBearerGrant)) {
            return false;
        }
        JwtBearerGrant g = (JwtBearerGrant) o;
        return baseEquals(g) && assertion.equals(g.assertion);
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(baseHash(), assertion);
    }

    /** Builds a {@link JwtBearerGrant}; not thread-safe. */
    public static final class Builder {
        private String clientId;
        private String clientSecretRaw;
        private Secret clientSecret;
        private Scope scope;
        private String assertionRaw;
        private Secret assertion;

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
         * Sets the assertion (required): a compact JWS of at most 4096 characters.
         *
         * @param assertion the assertion, validated in {@link #build()}
         * @return this builder
         */
        public Builder assertion(String assertion) {
            this.assertionRaw = assertion;
            this.assertion = null;
            return this;
        }

        /**
         * Sets the assertion (required).
         *
         * @param assertion the assertion
         * @return this builder
         */
        public Builder assertion(Secret assertion) {
            this.assertion = assertion;
            this.assertionRaw = null;
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
        public JwtBearerGrant build() {
            return new JwtBearerGrant(this);
        }
    }
}
