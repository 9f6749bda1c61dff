package dev.commerceauth.shopware;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.internal.Endpoints;
import dev.commerceauth.core.internal.Provider;
import dev.commerceauth.core.internal.Redactor;
import dev.commerceauth.core.internal.TokenCalls;
import dev.commerceauth.core.internal.TokenResponses;
import dev.commerceauth.core.internal.Transport;
import dev.commerceauth.generated.shopware.ShopwareTokenRequest;
import dev.commerceauth.generated.shopware.ShopwareTokenResponse;
import dev.commerceauth.generated.shopware.TokenApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.logging.Level;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Response;

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
            "Check the access key id and secret access key of the integration (or user).", DEFAULT_LIFETIME);

    private final HttpUrl shopUrl;
    private final TokenApi api;
    private final Clock clock;
    private final TokenCalls calls;
    private final TokenResponses responses;

    private ShopwareAuth(Builder b) {
        if (b.shopUrl == null) {
            throw new IllegalArgumentException("shopUrl is required, for example https://shop.example.com");
        }
        this.shopUrl = Endpoints.asDirectory(Endpoints.parse(b.shopUrl, b.transport.allowInsecureHttp(), "shopUrl"));
        this.clock = b.transport.clock();
        OkHttpClient client = b.transport.buildClient();
        this.api = Transport.retrofit(shopUrl, client, PROVIDER).create(TokenApi.class);
        this.calls = new TokenCalls(PROVIDER, clock);
        this.responses = new TokenResponses(PROVIDER);
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
     * @param password the password
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
        if (grant == null) {
            throw new IllegalArgumentException("grant must not be null");
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
        } else if (grant instanceof RefreshTokenGrant) {
            request.grantType(ShopwareTokenRequest.GrantTypeEnum.REFRESH_TOKEN)
                    .refreshToken(((RefreshTokenGrant) grant).refreshToken().reveal());
            if (!grant.scope().isEmpty()) {
                request.scopes(grant.scope().toWireValue());
            }
        } else {
            throw new IllegalArgumentException("Shopware supports the client_credentials, password and refresh_token grants, not "
                    + grant.grantType());
        }
        String action = grant.grantType() + " token request";
        Provider.LOG.log(Level.FINE, "Shopware: {0} for client {1} to {2}",
                new Object[] {action, grant.clientId(), shopUrl.host()});
        Instant sentAt = clock.instant();
        Response<ShopwareTokenResponse> response = calls.execute(api.requestToken(request), action, Redactor.forGrant(grant));
        ShopwareTokenResponse body = response.body();
        if (body == null) {
            throw new InvalidResponseException("Shopware answered HTTP " + response.code()
                    + " without a body. Check that the shopUrl is the shop's base URL.", response.code());
        }
        return responses.toToken(response.code(), sentAt, body.getAccessToken(), body.getTokenType(),
                body.getExpiresIn(), null, body.getRefreshToken(), Collections.<String, Object>emptyMap());
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

    /**
     * The clock that stamps the tokens.
     *
     * @return the clock
     */
    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * Shows the shop URL.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ShopwareAuth{shopUrl=" + shopUrl + '}';
    }

    /** Builds a {@link ShopwareAuth}; not thread-safe. */
    public static final class Builder {
        private final Transport transport = new Transport();
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
         * Shares the connection pool, dispatcher, proxy and TLS settings of a client. Its
         * interceptors and authenticator are not used for token requests.
         *
         * @param client the client
         * @return this builder
         */
        public Builder okHttpClient(OkHttpClient client) {
            transport.baseClient(client);
            return this;
        }

        /**
         * Sets the connect timeout (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            transport.connectTimeout(timeout);
            return this;
        }

        /**
         * Sets the read and write timeout (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            transport.readTimeout(timeout);
            return this;
        }

        /**
         * Sets the timeout of a whole token request (default 60 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            transport.callTimeout(timeout);
            return this;
        }

        /**
         * Sets the clock that stamps tokens (default the UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            transport.clock(clock);
            return this;
        }

        /**
         * Allows plain http to hosts other than loopback (default false). Credentials then travel
         * unencrypted; use it only inside a trusted network.
         *
         * @param allow whether to allow plain http
         * @return this builder
         */
        public Builder allowInsecureHttp(boolean allow) {
            transport.allowInsecureHttp(allow);
            return this;
        }

        /**
         * Validates the configuration and builds the client.
         *
         * @return the client
         * @throws IllegalArgumentException if the shop URL is missing, malformed or insecure
         */
        public ShopwareAuth build() {
            return new ShopwareAuth(this);
        }
    }
}
