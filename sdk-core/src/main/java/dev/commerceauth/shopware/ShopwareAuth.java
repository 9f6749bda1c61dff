package dev.commerceauth.shopware;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenClientBuilder;
import dev.commerceauth.core.internal.Endpoints;
import dev.commerceauth.core.internal.Provider;
import dev.commerceauth.core.internal.TokenEndpoint;
import dev.commerceauth.core.internal.Transport;
import dev.commerceauth.generated.shopware.ShopwareTokenRequest;
import dev.commerceauth.generated.shopware.ShopwareTokenResponse;
import dev.commerceauth.generated.shopware.TokenApi;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import retrofit2.Call;

/**
 * Token client of the Shopware 6 Admin API: {@code POST {shop}/api/oauth/token} with a JSON body,
 * for the {@code client_credentials} (integration or user access key), {@code password} (admin
 * user, client id {@code administration}, {@code scopes} default {@code write}) and
 * {@code refresh_token} grants.
 *
 * <p>Shopware rotates the refresh token on every use: always store the new one. Without
 * {@code expires_in} and a JWT {@code exp}, a token is assumed to live 600 seconds (Shopware's
 * default). Shopware has no revocation endpoint: {@link #revoke(String)} throws
 * {@link UnsupportedOperationException}. Instances are immutable and thread-safe.
 */
public final class ShopwareAuth implements TokenClient {

    /** The client id of the password and refresh grants, {@code administration}. */
    public static final String ADMINISTRATION_CLIENT_ID = "administration";

    /** The scope sent with the password grant when the grant names none, {@code write}. */
    public static final Scope DEFAULT_PASSWORD_SCOPE = Scope.of("write");

    /** Lifetime assumed without {@code expires_in} and {@code exp}: Shopware's default, 600 s. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(600);

    static final Provider PROVIDER = new Provider("Shopware",
            "Check the access key id and secret access key of the integration (or user).", DEFAULT_LIFETIME,
            new ShopwareErrorDialect());

    private final TokenEndpoint endpoint;
    private final TokenApi api;

    private ShopwareAuth(Builder b, Transport transport) {
        if (b.shopUrl == null) {
            throw new IllegalArgumentException("shopUrl is required, for example https://shop.example.com");
        }
        this.endpoint = new TokenEndpoint(PROVIDER, Endpoints.parse(b.shopUrl, transport.allowInsecureHttp(), "shopUrl"),
                transport);
        this.api = endpoint.api(TokenApi.class);
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
     * A password grant for an admin user: client id {@code administration}, scope {@code write}.
     *
     * @param username the admin user name
     * @param password the password; non-ASCII letters are allowed (see {@link dev.commerceauth.core.Secret#ofPassword(String)})
     * @return the grant
     * @throws IllegalArgumentException if a value is blank or malformed
     */
    public static PasswordGrant passwordGrant(String username, String password) {
        return PasswordGrant.builder()
                .clientId(ADMINISTRATION_CLIENT_ID)
                .username(username)
                .password(password)
                .scope(DEFAULT_PASSWORD_SCOPE)
                .build();
    }

    /**
     * Requests a token. Supported grants: {@link ClientCredentialsGrant} (with the secret access
     * key), {@link PasswordGrant} and {@link RefreshTokenGrant}.
     *
     * @param grant the grant
     * @return the access token
     * @throws IllegalArgumentException for another grant, or client credentials without secret
     */
    @Override
    public AccessToken requestToken(Grant grant) {
        TokenEndpoint.Answer<ShopwareTokenResponse> answer = endpoint.requestToken(grant, this::tokenCall,
                "Check that the shopUrl is the shop's base URL.");
        ShopwareTokenResponse body = answer.body();
        return answer.toToken(body.getAccessToken(), body.getTokenType(), body.getExpiresIn(), null,
                body.getRefreshToken(), Collections.<String, Object>emptyMap());
    }

    /** The grant types {@link #requestToken(Grant)} accepts, in the order messages name them. */
    private static final java.util.Set<String> GRANT_TYPES = Collections.unmodifiableSet(
            new java.util.LinkedHashSet<>(java.util.Arrays.asList(ClientCredentialsGrant.GRANT_TYPE,
                    PasswordGrant.GRANT_TYPE, RefreshTokenGrant.GRANT_TYPE)));

    /**
     * The client credentials, password and refresh token grants ({@link ClientCredentialsGrant},
     * {@link PasswordGrant}, {@link RefreshTokenGrant}).
     *
     * @return {@code [client_credentials, password, refresh_token]}
     */
    @Override
    public java.util.Set<String> supportedGrantTypes() {
        return GRANT_TYPES;
    }

    private Call<ShopwareTokenResponse> tokenCall(Grant grant) {
        if (!supports(grant)) {
            throw new IllegalArgumentException("Shopware supports the client_credentials, password and refresh_token grants, not "
                    + grant.grantType());
        }
        ShopwareTokenRequest request = new ShopwareTokenRequest().clientId(grant.clientId());
        grant.clientSecret().ifPresent(s -> request.clientSecret(s.reveal()));
        if (grant instanceof ClientCredentialsGrant) {
            if (!grant.clientSecret().isPresent()) {
                throw new IllegalArgumentException(
                        "Shopware's client_credentials grant needs the secret access key as clientSecret");
            }
            request.grantType(ShopwareTokenRequest.GrantTypeEnum.CLIENT_CREDENTIALS);
            if (!grant.scope().isEmpty()) {
                request.scopes(grant.scope().toWireValue());
            }
        } else if (grant instanceof PasswordGrant) {
            PasswordGrant p = (PasswordGrant) grant;
            request.grantType(ShopwareTokenRequest.GrantTypeEnum.PASSWORD)
                    .username(p.username())
                    .password(p.password().reveal())
                    .scopes((p.scope().isEmpty() ? DEFAULT_PASSWORD_SCOPE : p.scope()).toWireValue());
        } else {
            request.grantType(ShopwareTokenRequest.GrantTypeEnum.REFRESH_TOKEN)
                    .refreshToken(((RefreshTokenGrant) grant).refreshToken().reveal());
            if (!grant.scope().isEmpty()) {
                request.scopes(grant.scope().toWireValue());
            }
        }
        return api.requestToken(request);
    }

    /**
     * Not supported: Shopware has no token revocation endpoint.
     *
     * @param token ignored
     * @throws UnsupportedOperationException always
     */
    @Override
    public void revoke(String token) {
        throw new UnsupportedOperationException("Shopware has no token revocation endpoint; let the access token expire"
                + " (600 s) and discard the refresh token, or delete the integration or user in the administration.");
    }

    @Override
    public Clock clock() {
        return endpoint.clock();
    }

    /**
     * Shows the shop URL.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ShopwareAuth{shopUrl=" + endpoint.baseUrl() + '}';
    }

    /**
     * Builds a {@link ShopwareAuth}: the shop URL here, the shared transport settings with the
     * methods of {@link TokenClientBuilder}; not thread-safe.
     */
    public static final class Builder extends TokenClientBuilder<Builder, ShopwareAuth> {
        private String shopUrl;

        private Builder() {
        }

        /**
         * Sets the shop's base URL (required), for example {@code https://shop.example.com}; the
         * token endpoint is {@code {shopUrl}/api/oauth/token}.
         *
         * @param shopUrl the base URL; https unless loopback or {@link #allowInsecureHttp(boolean)}
         * @return this builder
         */
        public Builder shopUrl(String shopUrl) {
            this.shopUrl = shopUrl;
            return this;
        }

        /**
         * Validates the configuration and builds the client.
         *
         * @return the client
         * @throws IllegalArgumentException if the shop URL is missing, malformed or insecure
         */
        @Override
        public ShopwareAuth build() {
            return new ShopwareAuth(this, Transport.of(hardenedClient(shopUrl), tokenClock(), insecureHttpAllowed()));
        }
    }
}
