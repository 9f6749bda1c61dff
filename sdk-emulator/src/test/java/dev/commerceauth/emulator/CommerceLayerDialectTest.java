package dev.commerceauth.emulator;

import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_MARKET_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI;
import static dev.commerceauth.emulator.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommerceLayerDialectTest {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String MARKET = "market:id:" + COMMERCELAYER_MARKET_ID;

    ManualClock clock = ManualClock.startingAt(Instant.now());
    TokenServerEmulator emulator;

    @BeforeEach
    void start() {
        emulator = TokenServerEmulator.builder().clock(clock).commerceLayerRateLimit(0).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Http.Reply token(String... pairs) {
        return Http.postJson(emulator.commerceLayerTokenUrl(), json(pairs));
    }

    private Http.Reply salesChannel(String scope) {
        return token("grant_type", "client_credentials", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID, "scope", scope);
    }

    private Http.Reply customerPassword() {
        return token("grant_type", "password", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "username", COMMERCELAYER_CUSTOMER_EMAIL, "password", COMMERCELAYER_CUSTOMER_PASSWORD, "scope", MARKET);
    }

    private static void assertClError(Http.Reply r, int status, String code, String title) {
        assertEquals(status, r.status(), r.body());
        Map<String, Object> error = r.firstError();
        assertEquals(code, error.get("code"));
        assertEquals(title, error.get("title"));
        assertEquals((long) status, error.get("status"));
        assertNotNull(error.get("detail"));
        assertEquals(Map.of(), error.get("meta"));
    }

    private static String unsignedJwt(String payloadJson) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return base64url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    @Test
    void salesChannelClientCredentialsWithMarket() {
        Http.Reply r = salesChannel(MARKET);
        assertEquals(200, r.status(), r.body());
        Map<String, Object> body = r.json();
        assertEquals("bearer", body.get("token_type"));
        assertEquals(14400L, body.get("expires_in"));
        assertEquals(MARKET, body.get("scope"));
        assertEquals(clock.instant().getEpochSecond(), body.get("created_at"));
        assertFalse(body.containsKey("refresh_token"));
        assertFalse(body.containsKey("owner_id"));

        String jwt = r.accessToken();
        Map<String, Object> header = Http.header(jwt);
        assertEquals("RS512", header.get("alg"));
        assertEquals(emulator.keyId(), header.get("kid"));
        Map<String, Object> claims = Http.claims(jwt);
        @SuppressWarnings("unchecked")
        Map<String, Object> organization = (Map<String, Object>) claims.get("organization");
        assertEquals(List.of("id", "slug", "enterprise", "region"), List.copyOf(organization.keySet()));
        assertEquals(Map.of("id", Http.claims(jwt).get("application") instanceof Map<?, ?> m ? m.get("id") : null,
                "kind", "sales_channel", "public", true, "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "confidential", false), claims.get("application"));
        @SuppressWarnings("unchecked")
        Map<String, Object> market = (Map<String, Object>) claims.get("market");
        assertEquals(List.of(COMMERCELAYER_MARKET_ID), market.get("id"));
        assertEquals(List.of(), market.get("stock_location_ids"));
        assertEquals(MARKET, claims.get("scope"));
        assertEquals(emulator.commerceLayerBaseUrl(), claims.get("iss"));
        assertEquals(Boolean.TRUE, claims.get("test"));
        assertEquals(14400L, (Long) claims.get("exp") - (Long) claims.get("iat"));
        assertNull(claims.get("owner"));
    }

    @Test
    void jwksVerifiesIssuedTokens() throws Exception {
        Http.Reply jwks = Http.get(emulator.commerceLayerJwksUrl());
        assertEquals(200, jwks.status());
        @SuppressWarnings("unchecked")
        Map<String, Object> key = ((List<Map<String, Object>>) jwks.json().get("keys")).get(0);
        assertEquals("RSA", key.get("kty"));
        assertEquals("RS512", key.get("alg"));
        assertEquals("sig", key.get("use"));
        assertEquals(emulator.keyId(), key.get("kid"));
        assertFalse(((String) key.get("n")).contains("="));
        assertEquals("AQAB", key.get("e"));
        assertTrue(Jwks.verifies(jwks.json(), salesChannel(MARKET).accessToken()));
        assertTrue(Jwks.verifies(jwks.json(), customerPassword().accessToken()));
        String tampered = salesChannel(MARKET).accessToken();
        tampered = tampered.substring(0, tampered.length() - 4) + (tampered.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertFalse(Jwks.verifies(jwks.json(), tampered));
    }

    @Test
    void marketByCodeAndStockLocations() {
        Http.Reply r = salesChannel("market:code:europe stock_location:id:stk1 store:code:main");
        assertEquals(200, r.status(), r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> market = (Map<String, Object>) Http.claims(r.accessToken()).get("market");
        assertEquals(List.of(COMMERCELAYER_MARKET_ID), market.get("id"));
        assertEquals(List.of("stk1"), market.get("stock_location_ids"));
    }

    @Test
    void salesChannelWithoutMarketOrWithUnknownMarketIsInvalidScope() {
        assertClError(token("grant_type", "client_credentials", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID),
                400, "BAD_REQUEST", "invalid_scope");
        assertClError(salesChannel("market:id:nope"), 400, "BAD_REQUEST", "invalid_scope");
        assertClError(salesChannel("bogus"), 400, "BAD_REQUEST", "invalid_scope");
    }

    @Test
    void integrationClientCredentialsDefaultsToAllMarkets() {
        Http.Reply r = token("grant_type", "client_credentials", "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET);
        assertEquals(200, r.status(), r.body());
        assertEquals("market:all", r.json().get("scope"));
        assertEquals(7200L, r.json().get("expires_in"));
        @SuppressWarnings("unchecked")
        Map<String, Object> app = (Map<String, Object>) Http.claims(r.accessToken()).get("application");
        assertEquals("integration", app.get("kind"));
        assertEquals(true, app.get("confidential"));
        assertEquals(false, app.get("public"));
    }

    @Test
    void wrongSecretUnknownClientAndMissingClientAreInvalidClient() {
        assertClError(token("grant_type", "client_credentials", "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", "wrong"), 401, "UNAUTHORIZED", "invalid_client");
        assertClError(token("grant_type", "client_credentials", "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID),
                401, "UNAUTHORIZED", "invalid_client");
        assertClError(token("grant_type", "client_credentials", "client_id", "nobody", "scope", MARKET),
                401, "UNAUTHORIZED", "invalid_client");
        assertClError(token("grant_type", "client_credentials"), 401, "UNAUTHORIZED", "invalid_client");
    }

    @Test
    void unsupportedGrantAndMalformedJsonAre400() {
        assertClError(token("grant_type", "implicit", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID),
                400, "BAD_REQUEST", "unsupported_grant_type");
        assertClError(Http.postJson(emulator.commerceLayerTokenUrl(), "{oops"), 400, "BAD_REQUEST", "invalid_request");
    }

    @Test
    void passwordGrantAddsRefreshTokenAndOwner() {
        Http.Reply r = customerPassword();
        assertEquals(200, r.status(), r.body());
        Map<String, Object> body = r.json();
        assertNotNull(body.get("refresh_token"));
        assertEquals("customer", body.get("owner_type"));
        String ownerId = (String) body.get("owner_id");
        assertEquals(10, ownerId.length());
        assertEquals(Map.of("id", ownerId, "type", "Customer"), Http.claims(r.accessToken()).get("owner"));
        Http.Reply echo = Http.bearer(emulator.protectedResourceUrl(), r.accessToken());
        assertEquals(ownerId, echo.json().get("subject"));
    }

    @Test
    void wrongCustomerPasswordIsInvalidGrant() {
        assertClError(token("grant_type", "password", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "username", COMMERCELAYER_CUSTOMER_EMAIL, "password", "wrong", "scope", MARKET),
                401, "UNAUTHORIZED", "invalid_grant");
        assertClError(token("grant_type", "password", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "username", COMMERCELAYER_CUSTOMER_EMAIL, "scope", MARKET), 400, "BAD_REQUEST", "invalid_request");
    }

    @Test
    void refreshTokenGrant() {
        String refresh = (String) customerPassword().json().get("refresh_token");
        Http.Reply r = token("grant_type", "refresh_token", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "refresh_token", refresh, "scope", MARKET);
        assertEquals(200, r.status(), r.body());
        assertEquals(MARKET, r.json().get("scope"));
        assertEquals("customer", r.json().get("owner_type"));
        assertNotNull(r.json().get("refresh_token"));
        // without scope, the original scope is kept
        Http.Reply again = token("grant_type", "refresh_token", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "refresh_token", (String) r.json().get("refresh_token"));
        assertEquals(MARKET, again.json().get("scope"));
        assertClError(token("grant_type", "refresh_token", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "refresh_token", "garbage"), 401, "UNAUTHORIZED", "invalid_grant");
        assertClError(token("grant_type", "refresh_token", "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "refresh_token", refresh),
                401, "UNAUTHORIZED", "invalid_grant");
        clock.advance(Duration.ofDays(14));
        assertClError(token("grant_type", "refresh_token", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "refresh_token", refresh), 401, "UNAUTHORIZED", "invalid_grant");
    }

    @Test
    void authorizationCodeGrant() {
        String code = emulator.issueAuthorizationCode(COMMERCELAYER_WEBAPP_CLIENT_ID, COMMERCELAYER_CUSTOMER_EMAIL);
        Http.Reply wrongRedirect = token("grant_type", "authorization_code", "client_id", COMMERCELAYER_WEBAPP_CLIENT_ID,
                "client_secret", COMMERCELAYER_WEBAPP_CLIENT_SECRET, "code", code, "redirect_uri", "https://evil.example");
        assertClError(wrongRedirect, 401, "UNAUTHORIZED", "invalid_grant");
        Http.Reply r = token("grant_type", "authorization_code", "client_id", COMMERCELAYER_WEBAPP_CLIENT_ID,
                "client_secret", COMMERCELAYER_WEBAPP_CLIENT_SECRET, "code", code, "redirect_uri", COMMERCELAYER_WEBAPP_REDIRECT_URI);
        assertEquals(200, r.status(), r.body());
        assertEquals("customer", r.json().get("owner_type"));
        assertEquals(7200L, r.json().get("expires_in"));
        assertNotNull(r.json().get("refresh_token"));
        @SuppressWarnings("unchecked")
        Map<String, Object> app = (Map<String, Object>) Http.claims(r.accessToken()).get("application");
        assertEquals("webapp", app.get("kind"));
        Http.Reply reuse = token("grant_type", "authorization_code", "client_id", COMMERCELAYER_WEBAPP_CLIENT_ID,
                "client_secret", COMMERCELAYER_WEBAPP_CLIENT_SECRET, "code", code, "redirect_uri", COMMERCELAYER_WEBAPP_REDIRECT_URI);
        assertClError(reuse, 401, "UNAUTHORIZED", "invalid_grant");
        // webapp refresh needs the secret
        assertClError(token("grant_type", "refresh_token", "client_id", COMMERCELAYER_WEBAPP_CLIENT_ID,
                "refresh_token", (String) r.json().get("refresh_token")), 401, "UNAUTHORIZED", "invalid_client");
        assertEquals(200, token("grant_type", "refresh_token", "client_id", COMMERCELAYER_WEBAPP_CLIENT_ID,
                "client_secret", COMMERCELAYER_WEBAPP_CLIENT_SECRET, "refresh_token", (String) r.json().get("refresh_token")).status());
    }

    @Test
    void expiredAuthorizationCodeIsInvalidGrant() {
        String code = emulator.issueAuthorizationCode(COMMERCELAYER_WEBAPP_CLIENT_ID, COMMERCELAYER_CUSTOMER_EMAIL);
        clock.advance(Duration.ofMinutes(10));
        assertClError(token("grant_type", "authorization_code", "client_id", COMMERCELAYER_WEBAPP_CLIENT_ID,
                "client_secret", COMMERCELAYER_WEBAPP_CLIENT_SECRET, "code", code, "redirect_uri", COMMERCELAYER_WEBAPP_REDIRECT_URI),
                401, "UNAUTHORIZED", "invalid_grant");
    }

    @Test
    void jwtBearerGrant() {
        String assertion = unsignedJwt("{\"sub\":\"" + COMMERCELAYER_CUSTOMER_EMAIL + "\"}");
        Http.Reply r = token("grant_type", JWT_BEARER, "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "assertion", assertion);
        assertEquals(200, r.status(), r.body());
        String ownerId = (String) r.json().get("owner_id");
        assertEquals("customer", r.json().get("owner_type"));
        assertNotNull(r.json().get("refresh_token"));

        String byClaim = unsignedJwt("{\"https://commercelayer.io/claims\":{\"owner\":{\"type\":\"Customer\",\"id\":\""
                + ownerId + "\"}}}");
        assertEquals(ownerId, token("grant_type", JWT_BEARER, "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "assertion", byClaim).json().get("owner_id"));

        assertClError(token("grant_type", JWT_BEARER, "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "assertion", unsignedJwt("{\"sub\":\"x@y\"}")),
                401, "UNAUTHORIZED", "invalid_grant");
        assertClError(token("grant_type", JWT_BEARER, "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "assertion", "not-a-jwt"),
                401, "UNAUTHORIZED", "invalid_grant");
        assertClError(token("grant_type", JWT_BEARER, "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "assertion", "a".repeat(4097)),
                400, "BAD_REQUEST", "invalid_request");
        assertClError(token("grant_type", JWT_BEARER, "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "assertion", assertion, "scope", MARKET), 401, "UNAUTHORIZED", "invalid_client");
    }

    @Test
    void revokeAnswersEmptyObjectAndTheTokenStopsWorking() {
        Http.Reply issued = customerPassword();
        String access = issued.accessToken();
        assertEquals(200, Http.bearer(emulator.protectedResourceUrl(), access).status());
        Http.Reply r = Http.postJson(emulator.commerceLayerRevokeUrl(), json("client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "token", access));
        assertEquals(200, r.status());
        assertEquals(Map.of(), r.json());
        assertEquals(401, Http.bearer(emulator.protectedResourceUrl(), access).status());
        // the access token's refresh token is revoked with it
        assertClError(token("grant_type", "refresh_token", "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "refresh_token", (String) issued.json().get("refresh_token")), 401, "UNAUTHORIZED", "invalid_grant");
    }

    @Test
    void revokeOfAnotherClientsTokenIsIgnoredAndBadClientIs401() {
        String access = salesChannel(MARKET).accessToken();
        Http.Reply other = Http.postJson(emulator.commerceLayerRevokeUrl(), json("client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "token", access));
        assertEquals(200, other.status());
        assertEquals(200, Http.bearer(emulator.protectedResourceUrl(), access).status());
        assertClError(Http.postJson(emulator.commerceLayerRevokeUrl(), json("client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID,
                "client_secret", "wrong", "token", access)), 401, "UNAUTHORIZED", "invalid_client");
    }

    @Test
    void rateLimitPerMinuteWithHeaders() {
        emulator.close();
        emulator = TokenServerEmulator.builder().clock(clock).commerceLayerRateLimit(3).start();
        for (int i = 2; i >= 0; i--) {
            Http.Reply ok = salesChannel(MARKET);
            assertEquals(200, ok.status());
            assertEquals("3", ok.header("X-Ratelimit-Limit"));
            assertEquals("60", ok.header("X-Ratelimit-Interval"));
            assertEquals(String.valueOf(i), ok.header("X-Ratelimit-Remaining"));
        }
        clock.advance(Duration.ofSeconds(15));
        Http.Reply limited = salesChannel(MARKET);
        assertClError(limited, 429, "TOO_MANY_REQUESTS", "Too many requests");
        assertEquals("3", limited.header("X-Ratelimit-Limit"));
        assertEquals("60", limited.header("X-Ratelimit-Interval"));
        assertEquals("0", limited.header("X-Ratelimit-Remaining"));
        assertEquals("45", limited.header("Retry-After"));
        clock.advance(Duration.ofSeconds(45));
        assertEquals(200, salesChannel(MARKET).status());
    }

    @Test
    void defaultRateLimitIs30PerMinute() {
        emulator.close();
        emulator = TokenServerEmulator.builder().clock(clock).start();
        for (int i = 0; i < 30; i++) {
            assertEquals(401, token("grant_type", "client_credentials", "client_id", "nobody").status());
        }
        Http.Reply limited = salesChannel(MARKET);
        assertEquals(429, limited.status());
        assertEquals("30", limited.header("X-Ratelimit-Limit"));
        assertNotNull(limited.header("Retry-After"));
    }

    @Test
    void rateLimitZeroDisablesHeaders() {
        Http.Reply r = salesChannel(MARKET);
        assertNull(r.header("X-Ratelimit-Limit"));
    }

    @Test
    void customMarketsAndClients() {
        emulator.close();
        emulator = TokenServerEmulator.builder().withDemoData(false)
                .commerceLayerMarket("mkt1", "us")
                .client(EmulatorClient.commerceLayerSalesChannel("sc"))
                .commerceLayerTokenLifetime(Duration.ofSeconds(60)).start();
        Http.Reply r = token("grant_type", "client_credentials", "client_id", "sc", "scope", "market:code:us");
        assertEquals(200, r.status(), r.body());
        assertEquals(60L, r.json().get("expires_in"));
        assertClError(salesChannel(MARKET), 401, "UNAUTHORIZED", "invalid_client");
    }

    @Test
    void wrongMethodsAndUnknownPathsAnswerInCommerceLayerFormat() {
        Http.Reply get = Http.get(emulator.commerceLayerTokenUrl());
        assertEquals(405, get.status());
        assertEquals(405L, get.firstError().get("status"));
        assertEquals("POST", get.header("Allow"));
        Http.Reply missing = Http.get(emulator.commerceLayerBaseUrl() + "/api/orders");
        assertEquals(404, missing.status());
        assertEquals("NOT_FOUND", missing.firstError().get("code"));
        assertEquals(405, Http.postJson(emulator.commerceLayerJwksUrl(), "{}").status());
        assertEquals(405, Http.get(emulator.shopwareTokenUrl()).status());
    }
}
