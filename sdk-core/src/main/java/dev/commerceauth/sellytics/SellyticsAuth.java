package dev.commerceauth.sellytics;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.internal.Endpoints;
import dev.commerceauth.core.internal.Provider;
import dev.commerceauth.core.internal.Redactor;
import dev.commerceauth.core.internal.TokenCalls;
import dev.commerceauth.core.internal.TokenResponses;
import dev.commerceauth.core.internal.Transport;
import dev.commerceauth.generated.sellytics.KeycloakTokenResponse;
import dev.commerceauth.generated.sellytics.TokenApi;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Token client of the sellytics DATA API, a Keycloak server: the {@code client_credentials} grant
 * with the scope {@code sellytics-data-api}, form-encoded, client authentication by form fields
 * (default) or HTTP Basic.
 *
 * <pre>{@code
 * SellyticsAuth auth = SellyticsAuth.builder()
 *     .tokenUrl("https://auth.example.com/realms/sellytics/protocol/openid-connect/token")
 *     .build();
 * AccessToken token = auth.requestToken(ClientCredentialsGrant.builder()
 *     .clientId("my-key").clientSecret(secret).scope(SellyticsAuth.DATA_API_SCOPE).build());
 * }</pre>
 *
 * <p>When the answer has no {@code expires_in} and the token carries no {@code exp} claim, the
 * token is assumed to live 300 seconds (Keycloak's default access token lifespan). The seed
 * advises to ignore refresh tokens and re-authenticate with {@code client_credentials}. Instances
 * are immutable and thread-safe.
 */
public final class SellyticsAuth implements TokenClient {

    /** The scope of the DATA API, {@code sellytics-data-api}. */
    public static final dev.commerceauth.core.Scope DATA_API_SCOPE = dev.commerceauth.core.Scope.of("sellytics-data-api");

    /** Lifetime assumed without {@code expires_in} and {@code exp}: Keycloak's default, 300 s. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(300);

    static final Provider PROVIDER = new Provider("sellytics",
            "Check the client id and secret of the API key (sellytics suite, DATA API module).", DEFAULT_LIFETIME);

    private static final String TOKEN_ACTION = "client_credentials token request";
    private static final String REVOKE_ACTION = "token revocation";

    private final HttpUrl baseUrl;
    private final String realm;
    private final ClientAuthentication clientAuthentication;
    private final OkHttpClient client;
    private final TokenApi formApi;
    private final Clock clock;
    private final TokenCalls calls;
    private final TokenResponses responses;
    private final String revocationClientId;
    private final Secret revocationClientSecret;

    private SellyticsAuth(Builder b) {
        if (b.tokenUrl == null) {
            throw new IllegalArgumentException("tokenUrl is required, for example "
                    + "https://auth.example.com/realms/{realm}/protocol/openid-connect/token");
        }
        HttpUrl url = Endpoints.parse(b.tokenUrl, b.transport.allowInsecureHttp(), "tokenUrl");
        List<String> segments = url.pathSegments();
        int n = segments.size();
        if (n < 5 || !"realms".equals(segments.get(n - 5)) || segments.get(n - 4).isEmpty()
                || !"protocol".equals(segments.get(n - 3)) || !"openid-connect".equals(segments.get(n - 2))
                || !"token".equals(segments.get(n - 1))) {
            throw new IllegalArgumentException("tokenUrl must end with /realms/{realm}/protocol/openid-connect/token: " + url);
        }
        HttpUrl.Builder base = url.newBuilder().query(null).fragment(null);
        for (int i = 0; i < 5; i++) {
            base.removePathSegment(n - 5);
        }
        this.baseUrl = Endpoints.asDirectory(base.build());
        this.realm = segments.get(n - 4);
        this.clientAuthentication = b.clientAuthentication;
        this.clock = b.transport.clock();
        this.client = b.transport.buildClient();
        this.formApi = Transport.retrofit(baseUrl, client, PROVIDER).create(TokenApi.class);
        this.calls = new TokenCalls(PROVIDER, clock);
        this.responses = new TokenResponses(PROVIDER);
        this.revocationClientId = b.revocationClientId;
        this.revocationClientSecret = b.revocationClientSecret;
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
     * Requests a token with the {@code client_credentials} grant, the only grant sellytics supports.
     * A grant without scope requests {@link #DATA_API_SCOPE}, as the provider's documentation
     * prescribes.
     *
     * @param grant a {@link ClientCredentialsGrant}
     * @return the access token
     * @throws IllegalArgumentException for any other grant, or a BASIC client without secret
     */
    @Override
    public AccessToken requestToken(Grant grant) {
        if (grant == null) {
            throw new IllegalArgumentException("grant must not be null");
        }
        if (!(grant instanceof ClientCredentialsGrant)) {
            throw new IllegalArgumentException("sellytics supports only the client_credentials grant, not "
                    + grant.grantType() + "; use ClientCredentialsGrant");
        }
        Secret secret = grant.clientSecret().orElse(null);
        String scope = (grant.scope().isEmpty() ? DATA_API_SCOPE : grant.scope()).toWireValue();
        Call<KeycloakTokenResponse> call;
        if (clientAuthentication == ClientAuthentication.BASIC) {
            call = basicApi(grant.clientId(), secret).requestToken(realm, ClientCredentialsGrant.GRANT_TYPE, null, null, scope);
        } else {
            call = formApi.requestToken(realm, ClientCredentialsGrant.GRANT_TYPE, grant.clientId(),
                    secret == null ? null : secret.reveal(), scope);
        }
        Provider.LOG.log(Level.FINE, "sellytics: client_credentials token request for client {0} to {1}",
                new Object[] {grant.clientId(), baseUrl.host()});
        Instant sentAt = clock.instant();
        Response<KeycloakTokenResponse> response = calls.execute(call, TOKEN_ACTION, Redactor.forGrant(grant));
        KeycloakTokenResponse body = response.body();
        if (body == null) {
            throw new InvalidResponseException("sellytics answered HTTP " + response.code()
                    + " without a body. Check that the tokenUrl points at the token endpoint.", response.code());
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("refresh_expires_in", body.getRefreshExpiresIn());
        extras.put("not-before-policy", body.getNotBeforePolicy());
        extras.put("session_state", body.getSessionState());
        return responses.toToken(response.code(), sentAt, body.getAccessToken(), body.getTokenType(),
                body.getExpiresIn(), body.getScope(), body.getRefreshToken(), extras);
    }

    /**
     * Revokes a token at Keycloak's revocation endpoint with the credentials given to
     * {@link Builder#revocationCredentials(String, Secret)}.
     *
     * @param token the access or refresh token
     * @throws IllegalStateException if no revocation credentials were configured
     * @throws dev.commerceauth.core.OAuthErrorException if Keycloak rejected it (including its 200
     *     answer {@code {"error":"invalid_token"}})
     */
    @Override
    public void revoke(String token) {
        if (revocationClientId == null) {
            throw new IllegalStateException("sellytics revocation needs the client credentials: "
                    + "configure SellyticsAuth.builder().revocationCredentials(clientId, clientSecret)");
        }
        revoke(token, revocationClientId, revocationClientSecret);
    }

    /**
     * Revokes a token with the client credentials of a grant.
     *
     * @param token the access or refresh token
     * @param issuedWith the grant whose client id and secret authenticate the revocation
     */
    public void revoke(String token, Grant issuedWith) {
        if (issuedWith == null) {
            throw new IllegalArgumentException("issuedWith must not be null");
        }
        revoke(token, issuedWith.clientId(), issuedWith.clientSecret().orElse(null));
    }

    private void revoke(String token, String clientId, Secret clientSecret) {
        Secret t = Secret.of(token);
        Call<Void> call;
        if (clientAuthentication == ClientAuthentication.BASIC) {
            call = basicApi(clientId, clientSecret).revokeToken(realm, t.reveal(), null, null, null);
        } else {
            call = formApi.revokeToken(realm, t.reveal(), clientId,
                    clientSecret == null ? null : clientSecret.reveal(), null);
        }
        calls.execute(call, REVOKE_ACTION, Redactor.of(t.reveal(), clientSecret == null ? null : clientSecret.reveal()));
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
     * Shows the endpoint and realm.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "SellyticsAuth{baseUrl=" + baseUrl + ", realm=" + realm + ", clientAuthentication="
                + clientAuthentication + '}';
    }

    private TokenApi basicApi(String clientId, Secret secret) {
        if (secret == null) {
            throw new IllegalArgumentException(
                    "ClientAuthentication.BASIC needs a client secret; set clientSecret on the grant or use FORM_FIELDS");
        }
        final String header = "Basic " + Base64.getEncoder().encodeToString(
                (formEncode(clientId) + ":" + formEncode(secret.reveal())).getBytes(StandardCharsets.US_ASCII));
        return Transport.retrofit(baseUrl,
                request -> client.newCall(request.newBuilder().header("Authorization", header).build()),
                PROVIDER).create(TokenApi.class);
    }

    static String formEncode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds a {@link SellyticsAuth}; not thread-safe. */
    public static final class Builder {
        private final Transport transport = new Transport();
        private String tokenUrl;
        private ClientAuthentication clientAuthentication = ClientAuthentication.FORM_FIELDS;
        private String revocationClientId;
        private Secret revocationClientSecret;

        private Builder() {
        }

        /**
         * Sets the full token URL (required):
         * {@code https://{host}/realms/{realm}/protocol/openid-connect/token} (Keycloak 16 and older:
         * {@code https://{host}/auth/realms/…}).
         *
         * @param tokenUrl the token URL; https unless loopback or {@link #allowInsecureHttp(boolean)}
         * @return this builder
         */
        public Builder tokenUrl(String tokenUrl) {
            this.tokenUrl = tokenUrl;
            return this;
        }

        /**
         * Sets how the client authenticates (default {@link ClientAuthentication#FORM_FIELDS}).
         *
         * @param clientAuthentication the method
         * @return this builder
         */
        public Builder clientAuthentication(ClientAuthentication clientAuthentication) {
            if (clientAuthentication == null) {
                throw new IllegalArgumentException("clientAuthentication must not be null");
            }
            this.clientAuthentication = clientAuthentication;
            return this;
        }

        /**
         * Sets the client credentials {@link SellyticsAuth#revoke(String)} authenticates with.
         *
         * @param clientId the client id
         * @param clientSecret the client secret, or null
         * @return this builder
         */
        public Builder revocationCredentials(String clientId, Secret clientSecret) {
            ClientCredentialsGrant check = ClientCredentialsGrant.builder().clientId(clientId).clientSecret(clientSecret).build();
            this.revocationClientId = check.clientId();
            this.revocationClientSecret = clientSecret;
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
         * @throws IllegalArgumentException if the token URL is missing, malformed or insecure
         */
        public SellyticsAuth build() {
            return new SellyticsAuth(this);
        }
    }
}
