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
        super(b, false);
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
     * Builds a {@link ClientCredentialsGrant}: client id (required), client secret (optional: public
     * clients have none) and scope (optional), all set with the methods of {@link Grant.Builder};
     * not thread-safe.
     */
    public static final class Builder extends Grant.Builder<Builder> {

        private Builder() {
        }

        /**
         * Validates the fields and builds the grant.
         *
         * @return the grant
         * @throws IllegalArgumentException if the client id is missing or a value is malformed
         */
        @Override
        public ClientCredentialsGrant build() {
            return new ClientCredentialsGrant(this);
        }
    }
}
