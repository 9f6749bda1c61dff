package dev.commerceauth.commercelayer;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static dev.commerceauth.testing.Fixtures.jsonBody;
import static dev.commerceauth.testing.Fixtures.jwt;
import static dev.commerceauth.testing.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommerceLayerAuthTest {

    static final String ACCESS = "acC3sSt0K3Nwrt6kic7.abc4bnm5.signature-cl-0001";
    static final String ASSERTION = "eyJhbGciOiJIUzUxMiJ9.e30.c2ln";

    private MockWebServer server;
    private CommerceLayerAuth auth;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        auth = CommerceLayerAuth.builder().baseUrl(server.url("/").toString()).clock(fixedClock()).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private JsonCheck send(Grant grant, String answer) throws Exception {
        server.enqueue(json(200, answer));
        AccessToken token = auth.requestToken(grant);
        RecordedRequest r = server.takeRequest();
        assertEquals("POST", r.getMethod());
        assertEquals("/oauth/token", r.getPath());
        assertEquals("application/json", r.getHeader("Accept"));
        assertEquals("application/json", r.getHeader("Content-Type"));
        assertNull(r.getHeader("Authorization"));
        return new JsonCheck(jsonBody(r).toString(), token);
    }

    static final class JsonCheck {
        final String body;
        final AccessToken token;

        JsonCheck(String body, AccessToken token) {
            this.body = body;
            this.token = token;
        }

        AccessToken expect(String json) {
            assertEquals(parse(json), parse(body));
            return token;
        }
    }

    @Test
    void clientCredentialsOfASalesChannel() throws Exception {
        AccessToken t = send(ClientCredentialsGrant.builder().clientId("your-client-id").scope(Scope.market("xYZkjABcde")).build(),
                "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"bearer\",\"expires_in\":14400,"
                        + "\"scope\":\"market:id:xYZkjABcde\",\"created_at\":123456789}")
                .expect("{\"grant_type\":\"client_credentials\",\"client_id\":\"your-client-id\",\"scope\":\"market:id:xYZkjABcde\"}");
        assertEquals(ACCESS, t.value());
        assertEquals("bearer", t.tokenType());
        assertEquals(NOW, t.issuedAt());
        assertEquals(NOW.plusSeconds(14400), t.expiresAt());
        assertEquals(Scope.market("xYZkjABcde"), t.scope());
        assertEquals(123456789L, t.extraFields().get("created_at"));
        assertEquals(Optional.empty(), t.refreshToken());
    }

    @Test
    void clientCredentialsOfAnIntegration() throws Exception {
        AccessToken t = send(ClientCredentialsGrant.builder().clientId("your-client-id").clientSecret("your-client-secret").build(),
                "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"bearer\",\"expires_in\":7200,"
                        + "\"scope\":\"market:all\",\"created_at\":1710943230}")
                .expect("{\"grant_type\":\"client_credentials\",\"client_id\":\"your-client-id\",\"client_secret\":\"your-client-secret\"}");
        assertEquals(Scope.allMarkets(), t.scope());
        assertEquals(Duration.ofHours(2), t.lifetime());
    }

    static final String CUSTOMER_ANSWER = "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"bearer\",\"expires_in\":7200,"
            + "\"scope\":\"market:id:xYZkjABcde\",\"created_at\":1710943230,\"refresh_token\":\"cl-refresh-token-1\","
            + "\"owner_id\":\"zxcVBnMASd\",\"owner_type\":\"customer\"}";

    @Test
    void password() throws Exception {
        AccessToken t = send(PasswordGrant.builder().clientId("your-client-id").username("john@example.com")
                        .password("customer-pass").scope(Scope.market("xYZkjABcde")).build(), CUSTOMER_ANSWER)
                .expect("{\"grant_type\":\"password\",\"client_id\":\"your-client-id\",\"username\":\"john@example.com\","
                        + "\"password\":\"customer-pass\",\"scope\":\"market:id:xYZkjABcde\"}");
        assertEquals(Optional.of("cl-refresh-token-1"), t.refreshToken());
        assertEquals("zxcVBnMASd", t.extraFields().get("owner_id"));
        assertEquals("customer", t.extraFields().get("owner_type"));
        assertEquals(1710943230L, t.extraFields().get("created_at"));
    }

    @Test
    void customerPasswordWithNonAsciiLetters() throws Exception {
        send(PasswordGrant.builder().clientId("your-client-id").username("jürgen@example.com")
                        .password(Secret.ofPassword("Passwört")).build(), CUSTOMER_ANSWER)
                .expect("{\"grant_type\":\"password\",\"client_id\":\"your-client-id\",\"username\":\"jürgen@example.com\","
                        + "\"password\":\"Passwört\"}");
    }

    @Test
    void authorizationCode() throws Exception {
        send(AuthorizationCodeGrant.builder().clientId("your-client-id").clientSecret("your-client-secret")
                        .code("your-auth-code").redirectUri("https://yourdomain.com/redirect").build(), CUSTOMER_ANSWER)
                .expect("{\"grant_type\":\"authorization_code\",\"client_id\":\"your-client-id\",\"client_secret\":"
                        + "\"your-client-secret\",\"code\":\"your-auth-code\",\"redirect_uri\":\"https://yourdomain.com/redirect\"}");
    }

    @Test
    void refreshTokenRepeatsScope() throws Exception {
        PasswordGrant original = PasswordGrant.builder().clientId("your-client-id").username("john@example.com")
                .password("pw").scope(Scope.market("xYZkjABcde")).build();
        send(RefreshTokenGrant.forToken(original, "your-refresh-token"), CUSTOMER_ANSWER)
                .expect("{\"grant_type\":\"refresh_token\",\"client_id\":\"your-client-id\",\"refresh_token\":"
                        + "\"your-refresh-token\",\"scope\":\"market:id:xYZkjABcde\"}");
    }

    @Test
    void jwtBearer() throws Exception {
        send(JwtBearerGrant.builder().clientId("your-client-id").clientSecret("your-client-secret").assertion(ASSERTION).build(),
                CUSTOMER_ANSWER)
                .expect("{\"grant_type\":\"urn:ietf:params:oauth:grant-type:jwt-bearer\",\"client_id\":\"your-client-id\","
                        + "\"client_secret\":\"your-client-secret\",\"assertion\":\"" + ASSERTION + "\"}");
    }

    @Test
    void severalScopesAreSpaceSeparated() throws Exception {
        send(ClientCredentialsGrant.builder().clientId("c").scope(Scope.market("m1").and(Scope.stockLocation("s1"))).build(),
                CUSTOMER_ANSWER)
                .expect("{\"grant_type\":\"client_credentials\",\"client_id\":\"c\",\"scope\":\"market:id:m1 stock_location:id:s1\"}");
    }

    @Test
    void invalidClientAsArray() {
        String body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_client\",\"status\":401,"
                + "\"detail\":\"Client authentication failed due to unknown client.\",\"meta\":{}}]}";
        server.enqueue(json(401, body));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(
                ClientCredentialsGrant.builder().clientId("c").clientSecret("wrong-secret").build()));
        assertSame(OAuthErrorException.class, e.getClass());
        assertEquals(401, e.httpStatus());
        assertEquals("invalid_client", e.error());
        assertEquals(Optional.of("UNAUTHORIZED"), e.providerCode());
        assertEquals(Optional.of("invalid_client"), e.title());
        assertEquals(Optional.of("Client authentication failed due to unknown client."), e.errorDescription());
        assertTrue(e.isInvalidClient());
        assertFalse(e.isRetryable());
        assertEquals(body, e.responseBody());
        assertEquals("Commerce Layer rejected the client credentials (401 invalid_client: Client authentication failed due to"
                + " unknown client., code UNAUTHORIZED). Check the client id and secret of the application.", e.getMessage());
    }

    @Test
    void errorsAsASingleObject() {
        server.enqueue(json(401, "{\"errors\":{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_grant\",\"status\":401,"
                + "\"detail\":\"The provided authorization grant is invalid.\"}}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(
                RefreshTokenGrant.builder().clientId("c").refreshToken("expired").build()));
        assertEquals("invalid_grant", e.error());
        assertTrue(e.isInvalidGrant());
        assertEquals(Optional.of("UNAUTHORIZED"), e.providerCode());
    }

    @Test
    void unsupportedGrantType() {
        server.enqueue(json(400, "{\"errors\":[{\"code\":\"BAD_REQUEST\",\"title\":\"unsupported_grant_type\",\"status\":400,"
                + "\"detail\":\"The authorization grant type is not supported by the authorization server.\",\"meta\":{}}]}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> auth.requestToken(ClientCredentialsGrant.builder().clientId("c").build()));
        assertEquals(400, e.httpStatus());
        assertEquals("unsupported_grant_type", e.error());
        assertEquals(Optional.of("BAD_REQUEST"), e.providerCode());
    }

    @Test
    void rateLimited() {
        server.enqueue(json(429, "{\"errors\":[{\"code\":\"TOO_MANY_REQUESTS\",\"title\":\"Too many requests\",\"status\":429,"
                + "\"detail\":\"You have exceeded the rate limit of 30 requests per minute.\",\"meta\":{}}]}")
                .setHeader("X-Ratelimit-Limit", "30").setHeader("X-Ratelimit-Interval", "60")
                .setHeader("X-Ratelimit-Remaining", "0").setHeader("Retry-After", "42"));
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> auth.requestToken(ClientCredentialsGrant.builder().clientId("c").build()));
        assertEquals(429, e.httpStatus());
        assertEquals("too_many_requests", e.error());
        assertEquals(Optional.of("TOO_MANY_REQUESTS"), e.providerCode());
        assertEquals(Optional.of(Duration.ofSeconds(42)), e.retryAfter());
        assertTrue(e.isRetryable());
    }

    @Test
    void rateLimitedWithoutRetryAfterWaitsTheInterval() {
        server.enqueue(json(429, "{\"errors\":[{\"code\":\"TOO_MANY_REQUESTS\",\"title\":\"Too many requests\",\"status\":429}]}")
                .setHeader("X-Ratelimit-Limit", "30").setHeader("X-Ratelimit-Interval", "60")
                .setHeader("X-Ratelimit-Remaining", "0"));
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> auth.requestToken(ClientCredentialsGrant.builder().clientId("c").build()));
        assertEquals(Optional.of(Duration.ofSeconds(60)), e.retryAfter());
        server.enqueue(json(429, "{\"errors\":[{\"code\":\"TOO_MANY_REQUESTS\",\"title\":\"Too many requests\",\"status\":429}]}"));
        assertEquals(Optional.empty(), assertThrows(RateLimitedException.class,
                () -> auth.requestToken(ClientCredentialsGrant.builder().clientId("c").build())).retryAfter());
    }

    @Test
    void revoke() throws Exception {
        CommerceLayerAuth a = CommerceLayerAuth.builder().baseUrl(server.url("/").toString())
                .revocationCredentials("your-client-id", Secret.of("your-client-secret")).build();
        server.enqueue(json(200, "{}"));
        a.revoke("token-to-revoke-123");
        RecordedRequest r = server.takeRequest();
        assertEquals("/oauth/revoke", r.getPath());
        assertEquals("application/json", r.getHeader("Accept"));
        assertEquals(parse("{\"client_id\":\"your-client-id\",\"client_secret\":\"your-client-secret\",\"token\":\"token-to-revoke-123\"}"),
                jsonBody(r));

        server.enqueue(json(200, "{}"));
        auth.revoke("another-token", ClientCredentialsGrant.builder().clientId("sales-channel").build());
        assertEquals(parse("{\"client_id\":\"sales-channel\",\"token\":\"another-token\"}"), jsonBody(server.takeRequest()));

        server.enqueue(new okhttp3.mockwebserver.MockResponse().setResponseCode(200));
        a.revoke("empty-answer-is-fine");
        assertEquals("/oauth/revoke", server.takeRequest().getPath());

        server.enqueue(json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_client\",\"status\":401,\"detail\":\"Client authentication failed.\"}]}"));
        assertTrue(assertThrows(OAuthErrorException.class, () -> a.revoke("t-1234")).isInvalidClient());
        assertThrows(IllegalStateException.class, () -> auth.revoke("x"));
        assertEquals("secret must contain ASCII characters only (non-ASCII character at position 0)",
                assertThrows(IllegalArgumentException.class, () -> a.revoke("\u00fc")).getMessage());
    }

    static final String CLAIMS = "{\"organization\":{\"id\":\"orgId1\",\"slug\":\"the-blue-brand\",\"enterprise\":true,"
            + "\"region\":\"eu-west-1\"},\"application\":{\"id\":\"appId1\",\"kind\":\"sales_channel\",\"public\":true,"
            + "\"client_id\":\"cid-1\",\"confidential\":false},\"owner\":{\"id\":\"zxcVBnMASd\",\"type\":\"Customer\"},"
            + "\"market\":{\"id\":[\"xYZkjABcde\",\"AbCdEfGhIj\"],\"stock_location_ids\":[\"sL1\"]},"
            + "\"scope\":\"market:id:xYZkjABcde\",\"exp\":" + (NOW.getEpochSecond() + 7200) + ",\"iat\":"
            + NOW.getEpochSecond() + ",\"iss\":\"https://auth.commercelayer.io\",\"test\":true}";

    @Test
    void claimsAndCoreApiBaseUrl() {
        String token = jwt(CLAIMS);
        CommerceLayerClaims c = auth.claims(token);
        assertEquals("the-blue-brand", c.organizationSlug());
        assertEquals(Optional.of("orgId1"), c.organizationId());
        assertEquals(Optional.of("appId1"), c.applicationId());
        assertEquals(Optional.of("sales_channel"), c.applicationKind());
        assertEquals(Optional.of("cid-1"), c.applicationClientId());
        assertEquals(Optional.of("zxcVBnMASd"), c.ownerId());
        assertEquals(Optional.of("Customer"), c.ownerType());
        assertEquals(Arrays.asList("xYZkjABcde", "AbCdEfGhIj"), c.marketIds());
        assertEquals(Arrays.asList("sL1"), c.stockLocationIds());
        assertEquals(Scope.market("xYZkjABcde"), c.scope());
        assertTrue(c.test());
        assertEquals(Optional.of(NOW.plusSeconds(7200)), c.expiresAt());
        assertEquals(Optional.of(NOW), c.issuedAt());
        assertEquals(Optional.of("https://auth.commercelayer.io"), c.issuer());
        assertEquals(c, CommerceLayerClaims.decode(token));
        assertEquals(c.hashCode(), CommerceLayerClaims.decode(token).hashCode());
        assertEquals("https://the-blue-brand.commercelayer.io", auth.coreApiBaseUrl(token));
        assertEquals("https://the-blue-brand.example.dev", c.coreApiBaseUrl("example.dev"));
        assertEquals("https://the-blue-brand.commercelayer.co",
                CommerceLayerAuth.builder().domain("commercelayer.co").build().coreApiBaseUrl(token));
        assertTrue(c.toString().contains("organization=the-blue-brand"));
    }

    @Test
    void claimsValidation() {
        assertThrows(IllegalArgumentException.class, () -> CommerceLayerClaims.decode("not-a-jwt"));
        assertThrows(IllegalArgumentException.class, () -> CommerceLayerClaims.decode(jwt("{\"organization\":{\"slug\":\"evil.com/x\"}}")));
        CommerceLayerClaims minimal = CommerceLayerClaims.decode(jwt("{\"organization\":{\"slug\":\"org\"}}"));
        assertFalse(minimal.test());
        assertTrue(minimal.marketIds().isEmpty());
        assertEquals(Optional.empty(), minimal.ownerId());
        assertEquals(Optional.<Instant>empty(), minimal.expiresAt());
        assertEquals("domain must be a lower-case ASCII host name like commercelayer.io, was 'Evil.com/'",
                assertThrows(IllegalArgumentException.class, () -> CommerceLayerAuth.builder().domain("Evil.com/")).getMessage());
    }

    @Test
    void defaultEndpointIsAuthDotDomain() {
        assertTrue(CommerceLayerAuth.builder().build().toString().contains("baseUrl=https://auth.commercelayer.io/"));
        assertTrue(CommerceLayerAuth.builder().domain("commercelayer.co").build().toString()
                .contains("baseUrl=https://auth.commercelayer.co/"));
    }
}
