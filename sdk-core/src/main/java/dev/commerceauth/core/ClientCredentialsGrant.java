package dev.commerceauth.core;

/**
 * The {@code client_credentials} grant: a machine client authenticates with its own id and,
 * unless it is a public client (a Commerce Layer sales channel), its secret.
 *
 * <pre>{@code
 * ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
 *     .clientId("my-api-key")
 *     .clientSecret(System.getenv("API_SECRET"))
 *     .scope(Scope.of("sellytics-data-api"))
 *     .build();
 * }</pre>
 */
public final class ClientCredentialsGrant extends Grant {

    /** The wire value {@code client_credentials}. */
    public static final String GRANT_TYPE = "client_credentials";

    private ClientCredentialsGrant(Builder b) {
        super(Checks.clientId(b.clientId),
                Checks.optionalSecret(b.clientSecretRaw, b.clientSecret, b.clientSecretRawSet, "clientSecret"),
                Checks.scope(b.scope));
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
     * Returns {@code client_credentials}.
     *
     * @return the wire value of the grant type
     */
    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    /**
     * Grants are equal when all their fields are.
     *
     * @param o the other object
     * @return whether {@code o} is the same grant
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ClientCredentialsGrant && baseEquals((Grant) o));
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return baseHash();
    }

    /** Builds a {@link ClientCredentialsGrant}; not thread-safe. */
    public static final class Builder {
        private String clientId;
        private String clientSecretRaw;
        private boolean clientSecretRawSet;
        private Secret clientSecret;
        private Scope scope;

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
         * Sets the client secret (optional: public clients have none).
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
         * Sets the client secret (optional: public clients have none).
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
         * @throws IllegalArgumentException if the client id is missing or a value is malformed
         */
        public ClientCredentialsGrant build() {
            return new ClientCredentialsGrant(this);
        }
    }
}
