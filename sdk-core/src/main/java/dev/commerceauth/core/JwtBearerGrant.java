package dev.commerceauth.core;

import java.util.Map;

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
        super(b, true);
        Secret a = b.assertion.required();
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
     * Yes: once a token came with a refresh token, it is renewed with it.
     *
     * @return {@code true}
     */
    @Override
    public boolean renewsWithRefreshToken() {
        return true;
    }

    /**
     * Yes: the assertion can be sent again after a rejected refresh token.
     *
     * @return {@code true}
     */
    @Override
    public boolean regrantsAfterRejectedRefresh() {
        return true;
    }

    /**
     * Yes: the tokens belong to the assertion's subject, whom the grant does not name as such.
     *
     * @return {@code true}
     */
    @Override
    public boolean requiresSubject() {
        return true;
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
    Map<String, Object> ownFields() {
        return fields("assertion", assertion);
    }

    /**
     * Builds a {@link JwtBearerGrant}: the assertion here, client id and client secret (both
     * required) and scope (optional) with the methods of {@link Grant.Builder}; not thread-safe.
     */
    public static final class Builder extends Grant.Builder<Builder> {
        private final SecretInput assertion = new SecretInput("assertion", Secret::of);

        private Builder() {
        }

        /**
         * Sets the assertion (required): a compact JWS of at most 4096 characters.
         *
         * @param assertion the assertion, validated in {@link #build()}
         * @return this builder
         */
        public Builder assertion(String assertion) {
            this.assertion.text(assertion);
            return this;
        }

        /**
         * Sets the assertion (required).
         *
         * @param assertion the assertion
         * @return this builder
         */
        public Builder assertion(Secret assertion) {
            this.assertion.secret(assertion);
            return this;
        }

        /**
         * Validates the fields and builds the grant.
         *
         * @return the grant
         * @throws IllegalArgumentException if a required field is missing or a value is malformed
         */
        @Override
        public JwtBearerGrant build() {
            return new JwtBearerGrant(this);
        }
    }
}
