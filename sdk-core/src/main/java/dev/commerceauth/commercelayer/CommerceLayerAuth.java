package dev.commerceauth.commercelayer;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.internal.Endpoints;
import dev.commerceauth.core.internal.JwksVerifier;
import dev.commerceauth.core.internal.Provider;
import dev.commerceauth.core.internal.Redactor;
import dev.commerceauth.core.internal.TokenCalls;
import dev.commerceauth.core.internal.TokenResponses;
import dev.commerceauth.core.internal.Transport;
import dev.commerceauth.generated.commercelayer.CommerceLayerRevokeRequest;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenRequest;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenRequest.GrantTypeEnum;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenResponse;
import dev.commerceauth.generated.commercelayer.TokenApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Response;

/**
 * Token client of Commerce Layer: {@code POST https://auth.{domain}/oauth/token} (JSON,
 * {@code Accept: application/json}) for all five grants — client_credentials, password,
 * authorization_code, refresh_token and JWT bearer — and {@code /oauth/revoke}.
 *
 * <p>Extras: {@link #claims(String)} decodes a token's claims, {@link #verify(String)} checks its
 * RS512 signature against the JWKS of the configured issuer ({@code https://auth.{domain}}; the
 * token's own {@code iss} must match it), and {@link #coreApiBaseUrl(String)} derives
 * {@code https://{slug}.{domain}}. Without {@code expires_in} and a JWT {@code exp}, a token is
 * assumed to live 2 hours (integrations and webapps). Instances are thread-safe.
 */
public final class CommerceLayerAuth implements TokenClient {

    /** The default domain, {@code commercelayer.io}. */
    public static final String DEFAULT_DOMAIN = "commercelayer.io";

    /** Lifetime assumed without {@code expires_in} and {@code exp}: 2 hours. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);

    static final Provider PROVIDER = new Provider("Commerce Layer",
            "Check the client id and secret of the application.", DEFAULT_LIFETIME);

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final String JSON = "application/json";

    private final String domain;
    private final HttpUrl baseUrl;
    private final TokenApi api;
    private final Clock clock;
    private final TokenCalls calls;
    private final TokenResponses responses;
    private final JwksVerifier verifier;
    private final String revocationClientId;
    private final Secret revocationClientSecret;

    private CommerceLayerAuth(Builder b) {
        this.domain = b.domain;
        String url = b.baseUrl != null ? b.baseUrl : "https://auth." + domain;
        this.baseUrl = Endpoints.asDirectory(Endpoints.parse(url, b.transport.allowInsecureHttp(), "baseUrl"));
        this.clock = b.transport.clock();
        OkHttpClient client = b.transport.buildClient();
        this.api = Transport.retrofit(baseUrl, client, PROVIDER).create(TokenApi.class);
        this.calls = new TokenCalls(PROVIDER, clock);
        this.responses = new TokenResponses(PROVIDER);
        this.verifier = new JwksVerifier(client, baseUrl, clock);
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
     * Requests a token with any of the five grants.
     *
     * @param grant a {@link ClientCredentialsGrant}, {@link PasswordGrant},
     *     {@link AuthorizationCodeGrant}, {@link RefreshTokenGrant} or {@link JwtBearerGrant}
     * @return the access token; {@link AccessToken#extraFields()} holds {@code created_at},
     *     {@code owner_id} and {@code owner_type}
     */
    @Override
    public AccessToken requestToken(Grant grant) {
        if (grant == null) {
            throw new IllegalArgumentException("grant must not be null");
        }
        CommerceLayerTokenRequest request = new CommerceLayerTokenRequest().clientId(grant.clientId());
        grant.clientSecret().ifPresent(s -> request.clientSecret(s.reveal()));
        if (!grant.scope().isEmpty()) {
            request.scope(grant.scope().toWireValue());
        }
        if (grant instanceof ClientCredentialsGrant) {
            request.grantType(GrantTypeEnum.CLIENT_CREDENTIALS);
        } else if (grant instanceof PasswordGrant) {
            PasswordGrant p = (PasswordGrant) grant;
            request.grantType(GrantTypeEnum.PASSWORD).username(p.username()).password(p.password().reveal());
        } else if (grant instanceof AuthorizationCodeGrant) {
            AuthorizationCodeGrant a = (AuthorizationCodeGrant) grant;
            request.grantType(GrantTypeEnum.AUTHORIZATION_CODE).code(a.code().reveal()).redirectUri(a.redirectUri());
        } else if (grant instanceof RefreshTokenGrant) {
            request.grantType(GrantTypeEnum.REFRESH_TOKEN)
                    .refreshToken(((RefreshTokenGrant) grant).refreshToken().reveal());
        } else if (grant instanceof JwtBearerGrant) {
            request.grantType(GrantTypeEnum.URN_IETF_PARAMS_OAUTH_GRANT_TYPE_JWT_BEARER)
                    .assertion(((JwtBearerGrant) grant).assertion().reveal());
        } else {
            throw new IllegalArgumentException("Commerce Layer supports the client_credentials, password, "
                    + "authorization_code, refresh_token and urn:ietf:params:oauth:grant-type:jwt-bearer grants, not "
                    + grant.grantType());
        }
        String action = grant.grantType() + " token request";
        Provider.LOG.log(Level.FINE, "Commerce Layer: {0} for client {1} to {2}",
                new Object[] {action, grant.clientId(), baseUrl.host()});
        Instant sentAt = clock.instant();
        Response<CommerceLayerTokenResponse> response =
                calls.execute(api.requestToken(request, JSON), action, Redactor.forGrant(grant));
        CommerceLayerTokenResponse body = response.body();
        if (body == null) {
            throw new InvalidResponseException("Commerce Layer answered HTTP " + response.code()
                    + " without a body. Check the baseUrl.", response.code());
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("created_at", body.getCreatedAt());
        extras.put("owner_id", body.getOwnerId());
        extras.put("owner_type", body.getOwnerType());
        return responses.toToken(response.code(), sentAt, body.getAccessToken(), body.getTokenType(),
                body.getExpiresIn(), body.getScope(), body.getRefreshToken(), extras);
    }

    /**
     * Revokes an access or refresh token with the credentials given to
     * {@link Builder#revocationCredentials(String, Secret)}.
     *
     * @param token the token
     * @throws IllegalStateException if no revocation credentials were configured
     */
    @Override
    public void revoke(String token) {
        if (revocationClientId == null) {
            throw new IllegalStateException("Commerce Layer revocation needs the client id (and secret, if confidential): "
                    + "configure CommerceLayerAuth.builder().revocationCredentials(clientId, clientSecret)");
        }
        revoke(token, revocationClientId, revocationClientSecret);
    }

    /**
     * Revokes a token with the client id and secret of the grant it was issued with.
     *
     * @param token the access or refresh token
     * @param issuedWith the grant whose client credentials authenticate the revocation
     */
    public void revoke(String token, Grant issuedWith) {
        if (issuedWith == null) {
            throw new IllegalArgumentException("issuedWith must not be null");
        }
        revoke(token, issuedWith.clientId(), issuedWith.clientSecret().orElse(null));
    }

    private void revoke(String token, String clientId, Secret clientSecret) {
        Secret t = Secret.of(token);
        CommerceLayerRevokeRequest request = new CommerceLayerRevokeRequest().clientId(clientId).token(t.reveal());
        if (clientSecret != null) {
            request.clientSecret(clientSecret.reveal());
        }
        calls.execute(api.revokeToken(request, JSON), "token revocation",
                Redactor.of(t.reveal(), clientSecret == null ? null : clientSecret.reveal()));
    }

    /**
     * Decodes the claims of a token without verifying it.
     *
     * @param accessToken the token
     * @return the claims
     * @throws IllegalArgumentException if the token is not a Commerce Layer JWT
     */
    public CommerceLayerClaims claims(String accessToken) {
        return CommerceLayerClaims.decode(accessToken);
    }

    /**
     * Verifies a token's RS512 signature against the JWKS at {@code {issuer}/.well-known/jwks.json}
     * (only the configured issuer is trusted; keys are cached), checks its {@code exp} and returns
     * its claims.
     *
     * @param accessToken the token
     * @return the verified claims
     * @throws dev.commerceauth.core.TokenVerificationException if the token must not be trusted
     * @throws dev.commerceauth.core.TransportException if the JWKS could not be fetched
     * @throws InvalidResponseException if the JWKS answer is unusable
     */
    public CommerceLayerClaims verify(String accessToken) {
        return CommerceLayerClaims.of(verifier.verify(accessToken));
    }

    /**
     * The Core API base URL of a token's organization, {@code https://{slug}.{domain}}, with the
     * configured domain. The token is decoded, not verified.
     *
     * @param accessToken the token
     * @return the base URL without trailing slash
     */
    public String coreApiBaseUrl(String accessToken) {
        return claims(accessToken).coreApiBaseUrl(domain);
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
     * Shows the endpoint.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "CommerceLayerAuth{baseUrl=" + baseUrl + ", domain=" + domain + '}';
    }

    static String checkDomain(String domain) {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("domain must be a lower-case ASCII host name like commercelayer.io, was "
                    + (domain == null ? "null" : "'" + domain + "'"));
        }
        return domain;
    }

    /** Builds a {@link CommerceLayerAuth}; not thread-safe. */
    public static final class Builder {
        private final Transport transport = new Transport();
        private String domain = DEFAULT_DOMAIN;
        private String baseUrl;
        private String revocationClientId;
        private Secret revocationClientSecret;

        private Builder() {
        }

        /**
         * Sets the domain (default {@code commercelayer.io}); the token endpoint is
         * {@code https://auth.{domain}/oauth/token} and the Core API {@code https://{slug}.{domain}}.
         *
         * @param domain a lower-case ASCII host name
         * @return this builder
         */
        public Builder domain(String domain) {
            this.domain = checkDomain(domain);
            return this;
        }

        /**
         * Overrides the authentication base URL (default {@code https://auth.{domain}}), for tests
         * and emulators. It is also the only trusted issuer for {@link CommerceLayerAuth#verify(String)}.
         *
         * @param baseUrl the base URL; https unless loopback or {@link #allowInsecureHttp(boolean)}
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * Sets the client credentials {@link CommerceLayerAuth#revoke(String)} authenticates with.
         *
         * @param clientId the client id
         * @param clientSecret the client secret, or null for public clients
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
         * @throws IllegalArgumentException if the base URL is malformed or insecure
         */
        public CommerceLayerAuth build() {
            return new CommerceLayerAuth(this);
        }
    }
}
