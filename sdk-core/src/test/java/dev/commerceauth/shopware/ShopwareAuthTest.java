package dev.commerceauth.shopware;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static dev.commerceauth.testing.Fixtures.jsonBody;
import static dev.commerceauth.testing.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import java.time.Duration;
import java.util.Optional;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShopwareAuthTest {

    static final String ACCESS = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.shopware.access-token-1234";
    static final String OK_CC = "{\"token_type\":\"Bearer\",\"expires_in\":600,\"access_token\":\"" + ACCESS + "\"}";
    static final String OK_PW = "{\"token_type\":\"Bearer\",\"expires_in\":600,\"access_token\":\"" + ACCESS
            + "\",\"refresh_token\":\"def50200rotated-refresh\"}";

    private MockWebServer server;
    private ShopwareAuth auth;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        auth = ShopwareAuth.builder().shopUrl(server.url("/shop").toString()).clock(fixedClock()).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    static ClientCredentialsGrant integration() {
        return ClientCredentialsGrant.builder().clientId("SWIAQWERTY123").clientSecret("integration-secret-key").build();
    }

    private static void assertJsonPost(RecordedRequest r, String expectedJson) {
        assertEquals("POST", r.getMethod());
        assertEquals("/shop/api/oauth/token", r.getPath());
        assertEquals("application/json", r.getHeader("Content-Type"));
        assertEquals(parse(expectedJson), jsonBody(r));
    }

    @Test
    void clientCredentials() throws Exception {
        server.enqueue(json(200, OK_CC));
        AccessToken t = auth.requestToken(integration());
        assertJsonPost(server.takeRequest(), "{\"grant_type\":\"client_credentials\",\"client_id\":\"SWIAQWERTY123\","
                + "\"client_secret\":\"integration-secret-key\"}");
        assertEquals(ACCESS, t.value());
        assertEquals("Bearer", t.tokenType());
        assertEquals(NOW, t.issuedAt());
        assertEquals(NOW.plusSeconds(600), t.expiresAt());
        assertEquals(Optional.empty(), t.refreshToken());
        assertEquals(Scope.none(), t.scope());
        assertTrue(t.extraFields().isEmpty());
    }

    @Test
    void passwordWithDefaultScopeWrite() throws Exception {
        server.enqueue(json(200, OK_PW));
        AccessToken t = auth.requestToken(ShopwareAuth.passwordGrant("admin", "shopware-pass"));
        assertJsonPost(server.takeRequest(), "{\"client_id\":\"administration\",\"grant_type\":\"password\","
                + "\"scopes\":\"write\",\"username\":\"admin\",\"password\":\"shopware-pass\"}");
        assertEquals(Optional.of("def50200rotated-refresh"), t.refreshToken());
        assertEquals(Duration.ofSeconds(600), t.lifetime());

        server.enqueue(json(200, OK_PW));
        auth.requestToken(PasswordGrant.builder().clientId("administration").username("admin").password("pw").build());
        assertEquals("write", jsonBody(server.takeRequest()).get("scopes").getAsString());
    }

    @Test
    void passwordWithNonAsciiLettersTravelsAsUtf8Json() throws Exception {
        server.enqueue(json(200, OK_PW));
        auth.requestToken(ShopwareAuth.passwordGrant("jürgen", "Passwört"));
        RecordedRequest r = server.takeRequest();
        assertEquals(parse("{\"client_id\":\"administration\",\"grant_type\":\"password\",\"scopes\":\"write\","
                + "\"username\":\"jürgen\",\"password\":\"Passwört\"}"), jsonBody(r));
    }

    @Test
    void refreshToken() throws Exception {
        server.enqueue(json(200, OK_PW));
        auth.requestToken(RefreshTokenGrant.builder().clientId("administration").refreshToken("def50200old-refresh").build());
        assertJsonPost(server.takeRequest(), "{\"grant_type\":\"refresh_token\",\"client_id\":\"administration\","
                + "\"refresh_token\":\"def50200old-refresh\"}");
    }

    @Test
    void unsupportedGrantsFailFast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> auth.requestToken(
                AuthorizationCodeGrant.builder().clientId("c").clientSecret("s").code("x").redirectUri("https://a.io/r").build()));
        assertEquals("Shopware supports the client_credentials, password and refresh_token grants, not authorization_code",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> auth.requestToken(JwtBearerGrant.builder().clientId("c")
                .clientSecret("s").assertion("a.b.c").build()));
        assertEquals("Shopware's client_credentials grant needs the secret access key as clientSecret",
                assertThrows(IllegalArgumentException.class,
                        () -> auth.requestToken(ClientCredentialsGrant.builder().clientId("SWIA").build())).getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void revokeIsUnsupported() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> auth.revoke("x"));
        assertTrue(e.getMessage().startsWith("Shopware has no token revocation endpoint"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400|6|The user credentials were incorrect.|invalid_grant|false|true",
        "401|4|Client authentication failed|invalid_client|true|false",
        "400|2|The authorization grant type is not supported by the authorization server.|unsupported_grant_type|false|false",
        "401|8|The refresh token is invalid.|invalid_grant|false|true",
    })
    void errors(int status, String code, String title, String error, boolean invalidClient, boolean invalidGrant) {
        String body = "{\"errors\":[{\"code\":\"" + code + "\",\"status\":\"" + status + "\",\"title\":\"" + title
                + "\",\"detail\":null}]}";
        server.enqueue(json(status, body));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(integration()));
        assertSame(OAuthErrorException.class, e.getClass());
        assertEquals(status, e.httpStatus());
        assertEquals(error, e.error());
        assertEquals(Optional.of(code), e.providerCode());
        assertEquals(Optional.of(title), e.title());
        assertEquals(Optional.empty(), e.errorDescription());
        assertEquals(invalidClient, e.isInvalidClient());
        assertEquals(invalidGrant, e.isInvalidGrant());
        assertFalse(e.isRetryable());
        assertEquals(body, e.responseBody());
        assertTrue(e.getMessage().contains("(" + status + " " + error + ": " + title + ", code " + code + ")"), e.getMessage());
    }

    @Test
    void missingFieldKeepsDetail() {
        server.enqueue(json(400, "{\"errors\":[{\"code\":\"3\",\"status\":\"400\",\"title\":\"The request is missing a required parameter\","
                + "\"detail\":\"Check the `username` parameter\"}]}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(integration()));
        assertEquals("invalid_request", e.error());
        assertEquals(Optional.of("Check the `username` parameter"), e.errorDescription());
        assertEquals(Optional.of("3"), e.providerCode());
    }

    @Test
    void wrongSecretMessage() {
        server.enqueue(json(401, "{\"errors\":[{\"code\":\"4\",\"status\":\"401\",\"title\":\"Client authentication failed\",\"detail\":null}]}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(integration()));
        assertEquals("Shopware rejected the client credentials (401 invalid_client: Client authentication failed, code 4)."
                + " Check the access key id and secret access key of the integration (or user).", e.getMessage());
    }

    @Test
    void malformedAccessKeyIs500ButNotRetryable() {
        server.enqueue(json(500, "{\"errors\":[{\"code\":\"FRAMEWORK__API_INVALID_ACCESS_KEY\",\"status\":\"500\","
                + "\"title\":\"Internal Server Error\",\"detail\":\"Access key is invalid and could not be identified.\"}]}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> auth.requestToken(ClientCredentialsGrant.builder().clientId("NOPREFIX").clientSecret("s").build()));
        assertEquals(500, e.httpStatus());
        assertEquals("invalid_client", e.error());
        assertEquals(Optional.of("FRAMEWORK__API_INVALID_ACCESS_KEY"), e.providerCode());
        assertTrue(e.isInvalidClient());
        assertFalse(e.isRetryable());
    }

    @Test
    void throttledWaitComesFromTheBody() {
        String body = "{\"errors\":[{\"status\":\"429\",\"code\":\"FRAMEWORK__AUTH_THROTTLED\",\"title\":\"Too Many Requests\","
                + "\"detail\":\"Auth throttled for 10 seconds.\",\"meta\":{\"parameters\":{\"seconds\":10}}}]}";
        server.enqueue(json(429, body));
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> auth.requestToken(ShopwareAuth.passwordGrant("admin", "wrong-password")));
        assertEquals(429, e.httpStatus());
        assertEquals("too_many_requests", e.error());
        assertEquals(Optional.of("FRAMEWORK__AUTH_THROTTLED"), e.providerCode());
        assertEquals(Optional.of("Too Many Requests"), e.title());
        assertEquals(Optional.of("Auth throttled for 10 seconds."), e.errorDescription());
        assertEquals(Optional.of(Duration.ofSeconds(10)), e.retryAfter());
        assertTrue(e.isRetryable());
        assertFalse(e.isPermanent());
        assertTrue(e.getMessage().endsWith("Wait 10 seconds before the next request."), e.getMessage());
    }

    @Test
    void builderValidation() {
        assertEquals("shopUrl is required, for example https://shop.example.com",
                assertThrows(IllegalArgumentException.class, () -> ShopwareAuth.builder().build()).getMessage());
        assertEquals("readTimeout must be positive", assertThrows(IllegalArgumentException.class,
                () -> ShopwareAuth.builder().readTimeout(Duration.ofSeconds(-1))).getMessage());
        assertEquals("callTimeout must not be null", assertThrows(IllegalArgumentException.class,
                () -> ShopwareAuth.builder().callTimeout(null)).getMessage());
        assertEquals("okHttpClient must not be null", assertThrows(IllegalArgumentException.class,
                () -> ShopwareAuth.builder().okHttpClient(null)).getMessage());
        assertTrue(auth.toString().contains("/shop/"));
        assertEquals(fixedClock(), auth.clock());
    }

    @Test
    void passwordGrantHelper() {
        PasswordGrant g = ShopwareAuth.passwordGrant("admin", "pw");
        assertEquals("administration", g.clientId());
        assertEquals(Scope.of("write"), g.scope());
        assertFalse(g.clientSecret().isPresent());
    }
}
