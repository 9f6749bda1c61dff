package dev.commerceauth.sellytics;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenClientBuilder;
import dev.commerceauth.core.internal.Endpoints;
import dev.commerceauth.core.internal.Provider;
import dev.commerceauth.core.internal.TokenEndpoint;
import dev.commerceauth.core.internal.Transport;
import dev.commerceauth.generated.sellytics.KeycloakTokenResponse;
import dev.commerceauth.generated.sellytics.TokenApi;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import retrofit2.Call;

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
            "Check the client id and secret of the API key (sellytics suite, DATA API module).", DEFAULT_LIFETIME,
            new KeycloakErrorDialect());

    private final TokenEndpoint endpoint;
    private final String realm;
    private final ClientAuthentication clientAuthentication;
    private final TokenApi formApi;
    private final ClientCredentialsGrant revocationClient;

    private SellyticsAuth(Builder b, Transport transport) {
        if (b.tokenUrl == null) {
            throw new IllegalArgumentException("tokenUrl is required, for example "
                    + "https://auth.example.com/realms/{realm}/protocol/openid-connect/token");
        }
        HttpUrl url = Endpoints.parse(b.tokenUrl, transport.allowInsecureHttp(), "tokenUrl");
        List<String> segments = url.pathSegments();
        int n = segments.size();
        if (n < 5 || !"realms".equals(segments.get(n - 5)) || segments.get(n - 4).isEmpty()
                || !"protocol".equals(segments.get(n - 3)) || !"openid-connect".equals(segments.get(n - 2))
                || !"token".equals(segments.get(n - 1))) {
            throw new IllegalArgumentException("tokenUrl must end with /realms/{realm}/protocol/openid-connect/token: "
                    + Endpoints.withoutCredentials(url));
        }
        HttpUrl.Builder base = url.newBuilder().query(null).fragment(null);
        for (int i = 0; i < 5; i++) {
            base.removePathSegment(n - 5);
        }
        this.endpoint = new TokenEndpoint(PROVIDER, base.build(), transport);
        this.realm = segments.get(n - 4);
        this.clientAuthentication = b.clientAuthentication;
        this.formApi = endpoint.api(TokenApi.class);
        this.revocationClient = b.revocationClient;
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
     * @throws IllegalArgumentException for any other grant, or a BASIC client without secret or
     *     with a non-ASCII secret
     */
    @Override
    public AccessToken requestToken(Grant grant) {
        TokenEndpoint.Answer<KeycloakTokenResponse> answer = endpoint.requestToken(grant, this::tokenCall,
                "Check that the tokenUrl points at the token endpoint.");
        KeycloakTokenResponse body = answer.body();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("refresh_expires_in", body.getRefreshExpiresIn());
        extras.put("not-before-policy", body.getNotBeforePolicy());
        extras.put("session_state", body.getSessionState());
        return answer.toToken(body.getAccessToken(), body.getTokenType(), body.getExpiresIn(), body.getScope(),
                body.getRefreshToken(), extras);
    }

    /** The grant types {@link #requestToken(Grant)} accepts. */
    private static final java.util.Set<String> GRANT_TYPES =
            java.util.Collections.singleton(ClientCredentialsGrant.GRANT_TYPE);

    /**
     * Only the client credentials grant ({@link ClientCredentialsGrant}).
     *
     * @return {@code [client_credentials]}
     */
    @Override
    public java.util.Set<String> supportedGrantTypes() {
        return GRANT_TYPES;
    }

    private Call<KeycloakTokenResponse> tokenCall(Grant grant) {
        if (!supports(grant)) {
            throw new IllegalArgumentException("sellytics supports only the client_credentials grant, not "
                    + grant.grantType() + "; use ClientCredentialsGrant");
        }
        String scope = (grant.scope().isEmpty() ? DATA_API_SCOPE : grant.scope()).toWireValue();
        if (clientAuthentication == ClientAuthentication.BASIC) {
            return basicApi(grant).requestToken(realm, ClientCredentialsGrant.GRANT_TYPE, null, null, scope);
        }
        return formApi.requestToken(realm, ClientCredentialsGrant.GRANT_TYPE, grant.clientId(), secret(grant), scope);
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
        if (revocationClient == null) {
            throw new IllegalStateException("sellytics revocation needs the client credentials: "
                    + "configure SellyticsAuth.builder().revocationCredentials(clientId, clientSecret)");
        }
        revoke(token, revocationClient);
    }

    /**
     * Revokes a token with the client credentials of a grant.
     *
     * @param token the access or refresh token
     * @param issuedWith the grant whose client id and secret authenticate the revocation
     */
    public void revoke(String token, Grant issuedWith) {
        endpoint.revoke(token, issuedWith, (t, client) -> clientAuthentication == ClientAuthentication.BASIC
                ? basicApi(client).revokeToken(realm, t.reveal(), null, null, null)
                : formApi.revokeToken(realm, t.reveal(), client.clientId(), secret(client), null));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every successful {@link #revoke(String)} and {@link #revoke(String, Grant)} of this client tells the
     * listeners, on the revoking thread. The client holds them weakly.
     */
    @Override
    public Runnable addRevocationListener(Consumer<String> listener) {
        return endpoint.addRevocationListener(listener);
    }

    @Override
    public Clock clock() {
        return endpoint.clock();
    }

    /**
     * Shows the endpoint and realm.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "SellyticsAuth{baseUrl=" + endpoint.baseUrl() + ", realm=" + realm + ", clientAuthentication="
                + clientAuthentication + '}';
    }

    private static String secret(Grant client) {
        return client.clientSecret().isPresent() ? client.clientSecret().get().reveal() : null;
    }

    /** The generated API with an HTTP Basic header of the grant's client id and secret. */
    private TokenApi basicApi(Grant client) {
        Secret secret = client.clientSecret().orElseThrow(() -> new IllegalArgumentException(
                "ClientAuthentication.BASIC needs a client secret; set clientSecret on the grant or use FORM_FIELDS"));
        String value = secret.reveal();
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7e) {
                throw new IllegalArgumentException("ClientAuthentication.BASIC sends the client secret in the "
                        + "Authorization header, which takes ASCII only, but the client secret has a non-ASCII "
                        + "character at position " + i + "; use an ASCII client secret or FORM_FIELDS");
            }
        }
        return endpoint.api(TokenApi.class, "Basic " + Base64.getEncoder().encodeToString(
                (formEncode(client.clientId()) + ":" + formEncode(value)).getBytes(StandardCharsets.US_ASCII)));
    }

    static String formEncode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Builds a {@link SellyticsAuth}: the token URL, client authentication and revocation
     * credentials here, the shared transport settings with the methods of
     * {@link TokenClientBuilder}; not thread-safe.
     */
    public static final class Builder extends TokenClientBuilder<Builder, SellyticsAuth> {
        private String tokenUrl;
        private ClientAuthentication clientAuthentication = ClientAuthentication.FORM_FIELDS;
        private ClientCredentialsGrant revocationClient;

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
            this.revocationClient = ClientCredentialsGrant.builder().clientId(clientId).clientSecret(clientSecret).build();
            return this;
        }

        /**
         * Validates the configuration and builds the client.
         *
         * @return the client
         * @throws IllegalArgumentException if the token URL is missing, malformed or insecure
         */
        @Override
        public SellyticsAuth build() {
            return new SellyticsAuth(this, Transport.of(hardenedClient(tokenUrl), tokenClock(), insecureHttpAllowed()));
        }
    }
}
