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
import dev.commerceauth.core.TokenClientBuilder;
import dev.commerceauth.core.internal.Endpoints;
import dev.commerceauth.core.internal.JwksVerifier;
import dev.commerceauth.core.internal.Provider;
import dev.commerceauth.core.internal.TokenEndpoint;
import dev.commerceauth.core.internal.Transport;
import dev.commerceauth.generated.commercelayer.CommerceLayerRevokeRequest;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenRequest;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenRequest.GrantTypeEnum;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenResponse;
import dev.commerceauth.generated.commercelayer.TokenApi;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import retrofit2.Call;

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

    /**
     * The default leeway of {@link #verify(String)} for {@code nbf} and {@code iat}: 60 seconds.
     * See {@link Builder#verificationLeeway(Duration)}.
     */
    public static final Duration DEFAULT_VERIFICATION_LEEWAY = JwksVerifier.DEFAULT_LEEWAY;

    /** Lifetime assumed without {@code expires_in} and {@code exp}: 2 hours. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);

    static final Provider PROVIDER = new Provider("Commerce Layer",
            "Check the client id and secret of the application.", DEFAULT_LIFETIME,
            new CommerceLayerErrorDialect());

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final String JSON = "application/json";

    private final String domain;
    private final TokenEndpoint endpoint;
    private final TokenApi api;
    private final JwksVerifier verifier;
    private final ClientCredentialsGrant revocationClient;
    private final CommerceLayerBackendHeaders backendHeaders;

    private CommerceLayerAuth(Builder b, Transport transport) {
        this.domain = b.domain;
        String url = b.baseUrl != null ? b.baseUrl : "https://auth." + domain;
        this.endpoint = new TokenEndpoint(PROVIDER, Endpoints.parse(url, transport.allowInsecureHttp(), "baseUrl"),
                transport);
        this.api = endpoint.api(TokenApi.class);
        this.verifier = new JwksVerifier(endpoint.client(), endpoint.baseUrl(), endpoint.clock(), b.verificationLeeway);
        this.revocationClient = b.revocationClient;
        this.backendHeaders = null;
    }

    private CommerceLayerAuth(CommerceLayerAuth base, CommerceLayerBackendHeaders backendHeaders) {
        this.domain = base.domain;
        this.endpoint = base.endpoint;
        this.api = base.api;
        this.verifier = base.verifier;
        this.revocationClient = base.revocationClient;
        this.backendHeaders = backendHeaders;
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
        return requestToken(grant, backendHeaders);
    }

    /**
     * Requests a token with any of the five grants, sending a trusted backend's
     * {@code x-backend-auth} and {@code x-true-client-ip} headers with it (see
     * {@link CommerceLayerBackendHeaders}); the body is the same as without them.
     *
     * @param grant the grant, as for {@link #requestToken(Grant)}
     * @param headers the headers, or null to send none (not even those of
     *     {@link #withBackendHeaders(CommerceLayerBackendHeaders)})
     * @return the access token
     */
    public AccessToken requestToken(Grant grant, CommerceLayerBackendHeaders headers) {
        TokenEndpoint.Answer<CommerceLayerTokenResponse> answer = endpoint.requestToken(grant,
                g -> tokenCall(g, headers), "Check the baseUrl.", headers == null ? null : headers.backendAuth());
        CommerceLayerTokenResponse body = answer.body();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("created_at", body.getCreatedAt());
        extras.put("owner_id", body.getOwnerId());
        extras.put("owner_type", body.getOwnerType());
        return answer.toToken(body.getAccessToken(), body.getTokenType(), body.getExpiresIn(), body.getScope(),
                body.getRefreshToken(), extras);
    }

    /** The grant types {@link #requestToken(Grant)} accepts, in the order messages name them. */
    private static final java.util.Set<String> GRANT_TYPES = java.util.Collections.unmodifiableSet(
            new java.util.LinkedHashSet<>(java.util.Arrays.asList(ClientCredentialsGrant.GRANT_TYPE,
                    PasswordGrant.GRANT_TYPE, AuthorizationCodeGrant.GRANT_TYPE, RefreshTokenGrant.GRANT_TYPE,
                    JwtBearerGrant.GRANT_TYPE)));

    /**
     * All five grants: {@link ClientCredentialsGrant}, {@link PasswordGrant},
     * {@link AuthorizationCodeGrant}, {@link RefreshTokenGrant} and {@link JwtBearerGrant}.
     *
     * @return the five grant types
     */
    @Override
    public java.util.Set<String> supportedGrantTypes() {
        return GRANT_TYPES;
    }

    /**
     * A client that sends the given backend headers with every token request, for example of the
     * {@linkplain #tokenProvider(Grant) cached provider} of one end user's grant: the same endpoint,
     * connections, revocation credentials and revocation listeners as this client. Revocations
     * carry no backend headers (as with js-auth).
     *
     * @param headers the headers
     * @return the client
     * @throws IllegalArgumentException if null
     */
    public CommerceLayerAuth withBackendHeaders(CommerceLayerBackendHeaders headers) {
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null");
        }
        return new CommerceLayerAuth(this, headers);
    }

    private Call<CommerceLayerTokenResponse> tokenCall(Grant grant, CommerceLayerBackendHeaders headers) {
        if (!supports(grant)) {
            throw new IllegalArgumentException("Commerce Layer supports the client_credentials, password, "
                    + "authorization_code, refresh_token and urn:ietf:params:oauth:grant-type:jwt-bearer grants, not "
                    + grant.grantType());
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
        } else {
            request.grantType(GrantTypeEnum.URN_IETF_PARAMS_OAUTH_GRANT_TYPE_JWT_BEARER)
                    .assertion(((JwtBearerGrant) grant).assertion().reveal());
        }
        return headers == null ? api.requestToken(request, JSON, null, null)
                : api.requestToken(request, JSON, headers.backendAuth().reveal(), headers.trueClientIp().orElse(null));
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
        if (revocationClient == null) {
            throw new IllegalStateException("Commerce Layer revocation needs the client id (and secret, if confidential): "
                    + "configure CommerceLayerAuth.builder().revocationCredentials(clientId, clientSecret)");
        }
        revoke(token, revocationClient);
    }

    /**
     * Revokes a token with the client id and secret of the grant it was issued with.
     *
     * @param token the access or refresh token
     * @param issuedWith the grant whose client credentials authenticate the revocation
     */
    public void revoke(String token, Grant issuedWith) {
        endpoint.revoke(token, issuedWith, (t, client) -> {
            CommerceLayerRevokeRequest request = new CommerceLayerRevokeRequest().clientId(client.clientId()).token(t.reveal());
            client.clientSecret().ifPresent(s -> request.clientSecret(s.reveal()));
            return api.revokeToken(request, JSON);
        });
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
     * (only the configured issuer is trusted; keys are cached), checks its times and returns its
     * claims.
     *
     * <p>Rejected, with a {@link dev.commerceauth.core.TokenVerificationException} that says what
     * is wrong (never quoting the token): a token longer than 16 KiB (16384 characters, checked
     * before anything is decoded); anything but a compact JWS in canonical base64url (no
     * {@code =} padding, no other characters) whose header and claims are strict JSON objects (no
     * unquoted names, comments, trailing data or member given twice); a header with {@code crit}
     * (no extension is understood); an algorithm other than RS512; a missing or non-string
     * {@code kid}, or one the issuer's JWKS does not list; another issuer; a bad signature; no
     * {@code exp}, or an {@code exp} not after the clock (no leeway); an {@code nbf} or
     * {@code iat} later than the clock plus the {@linkplain Builder#verificationLeeway(Duration)
     * leeway} (default 60 s); an {@code exp}, {@code nbf} or {@code iat} that is not a number. A
     * JWKS larger than 64 KiB, not strict JSON, or listing one key id for two RSA signing keys is
     * an {@link InvalidResponseException} (no key of it is trusted).
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
     * Shows the endpoint.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "CommerceLayerAuth{baseUrl=" + endpoint.baseUrl() + ", domain=" + domain
                + (backendHeaders == null ? "" : ", " + backendHeaders) + '}';
    }

    static String checkDomain(String domain) {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("domain must be a lower-case ASCII host name like commercelayer.io, was "
                    + (domain == null ? "null" : "'" + domain + "'"));
        }
        return domain;
    }

    /**
     * Builds a {@link CommerceLayerAuth}: domain, base URL and revocation credentials here, the
     * shared transport settings with the methods of {@link TokenClientBuilder}; not thread-safe.
     */
    public static final class Builder extends TokenClientBuilder<Builder, CommerceLayerAuth> {
        private String domain = DEFAULT_DOMAIN;
        private String baseUrl;
        private ClientCredentialsGrant revocationClient;
        private Duration verificationLeeway = DEFAULT_VERIFICATION_LEEWAY;

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
            this.revocationClient = ClientCredentialsGrant.builder().clientId(clientId).clientSecret(clientSecret).build();
            return this;
        }

        /**
         * Sets how far a token's {@code nbf} (not before) and {@code iat} (issued at) may lie after
         * the {@linkplain #clock(Clock) clock} for {@link CommerceLayerAuth#verify(String)} to
         * accept it: it forgives a local clock that runs behind the issuer's. Default
         * {@link CommerceLayerAuth#DEFAULT_VERIFICATION_LEEWAY} (60 s); counted in whole seconds (fractions are
         * dropped). {@code exp} gets no leeway: a token is never accepted after its expiry on the
         * local clock.
         *
         * @param leeway from zero to 5 minutes
         * @return this builder
         * @throws IllegalArgumentException if null, negative or longer than 5 minutes
         */
        public Builder verificationLeeway(Duration leeway) {
            this.verificationLeeway = JwksVerifier.checkLeeway(leeway);
            return this;
        }

        /**
         * Validates the configuration and builds the client.
         *
         * @return the client
         * @throws IllegalArgumentException if the base URL is malformed or insecure
         */
        @Override
        public CommerceLayerAuth build() {
            return new CommerceLayerAuth(this, Transport.of(hardenedClient(baseUrl), tokenClock(), insecureHttpAllowed()));
        }
    }
}
