package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static dev.commerceauth.testing.Fixtures.jwt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transport rules and answer validation shared by all three clients, over real HTTP. */
class ResponseHandlingTest {

    private MockWebServer server;
    private ShopwareAuth shopware;
    private final ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
            .clientId("SWIAKEY").clientSecret("secret-access-key").build();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        shopware = ShopwareAuth.builder().shopUrl(server.url("/").toString()).clock(fixedClock()).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private InvalidResponseException invalid(MockResponse response) {
        server.enqueue(response);
        return assertThrows(InvalidResponseException.class, () -> shopware.requestToken(grant));
    }

    @Test
    void redirectIsNeverFollowed() throws Exception {
        InvalidResponseException e = invalid(new MockResponse().setResponseCode(302)
                .setHeader("Location", "https://evil.example.com/api/oauth/token"));
        assertEquals(302, e.httpStatus());
        assertTrue(e.getMessage().contains("redirect (HTTP 302) to https://evil.example.com/api/oauth/token"), e.getMessage());
        assertFalse(e.isRetryable());
        assertEquals(1, server.getRequestCount());
        server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", server.url("/other")));
        assertEquals(307, assertThrows(InvalidResponseException.class, () -> shopware.requestToken(grant)).httpStatus());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void bodyOverOneMebibyteIsRejected() {
        Buffer big = new Buffer();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        for (int i = 0; i < 17; i++) {
            big.write(chunk);
        }
        InvalidResponseException e = invalid(new MockResponse().setResponseCode(200).setBody(big));
        assertTrue(e.getMessage().contains("larger than 1024 KiB"), e.getMessage());
        Buffer bigError = new Buffer();
        for (int i = 0; i < 17; i++) {
            bigError.write(chunk);
        }
        // chunked, so no Content-Length tells the size in advance
        server.enqueue(new MockResponse().setResponseCode(400).setChunkedBody(bigError, 8192));
        assertEquals(400, assertThrows(InvalidResponseException.class, () -> shopware.requestToken(grant)).httpStatus());
    }

    @Test
    void htmlPagesAndMalformedJson() {
        InvalidResponseException html = invalid(new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "text/html").setBody("<html><body>Login</body></html>"));
        assertEquals(200, html.httpStatus());
        assertTrue(html.getMessage().contains("not a JSON object (text/html, an HTML page)"), html.getMessage());

        InvalidResponseException gateway = invalid(new MockResponse().setResponseCode(502)
                .setHeader("Content-Type", "text/html").setBody("<html>Bad Gateway</html>"));
        assertEquals(502, gateway.httpStatus());
        assertTrue(gateway.isRetryable());
        assertTrue(gateway.getMessage().contains("HTTP 502 and a body that is not an OAuth error (text/html)"), gateway.getMessage());

        assertEquals(200, invalid(json(200, "{\"access_token\":")).httpStatus());
        assertTrue(invalid(new MockResponse().setResponseCode(200)).getMessage().contains("without a body"));
        assertTrue(invalid(json(200, "{\"token_type\":\"Bearer\",\"expires_in\":\"soon\",\"access_token\":\"abcdefghijklmnopq\"}"))
                .getMessage().contains("does not match its token response format"));
        assertTrue(invalid(json(200, "[1,2]")).getMessage().contains("not a JSON object"));
        assertTrue(invalid(json(200, "{\"access_token\":{\"a\":1},\"token_type\":\"Bearer\"}")).getMessage()
                .contains("does not match its token response format"));
        assertTrue(invalid(json(404, "")).getMessage().contains("Check the endpoint URL."));
        assertTrue(invalid(json(401, "{\"message\":\"nope\"}")).getMessage()
                .contains("HTTP 401 and a body that is not an OAuth error (application/json)"));
    }

    @Test
    void missingTokenAndNonBearerType() {
        assertTrue(invalid(json(200, "{\"token_type\":\"Bearer\",\"expires_in\":600}")).getMessage()
                .contains("without an access_token"));
        assertTrue(invalid(json(200, "{\"token_type\":\"mac\",\"expires_in\":600,\"access_token\":\"abcdefghijklmnopqrstuvwxyz\"}"))
                .getMessage().contains("token of type 'mac' instead of 'Bearer'"));
        assertTrue(invalid(json(200, "{\"expires_in\":600,\"access_token\":\"abcdefghijklmnopqrstuvwxyz\"}"))
                .getMessage().contains("token of type 'none'"));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0, 315360001L})
    void absurdExpiresIn(long expiresIn) {
        InvalidResponseException e = invalid(json(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                + ",\"access_token\":\"abcdefghijklmnopqrstuvwxyz\"}"));
        assertTrue(e.getMessage().contains("absurd expires_in of " + expiresIn), e.getMessage());
    }

    @Test
    void tokenTypeIsCaseInsensitive() {
        server.enqueue(json(200, "{\"token_type\":\"BEARER\",\"expires_in\":600,\"access_token\":\"abcdefghijklmnopqrstuvwxyz\"}"));
        assertEquals("BEARER", shopware.requestToken(grant).tokenType());
    }

    @Test
    void expiryFallsBackToJwtExp() {
        String token = jwt("{\"exp\":" + (NOW.getEpochSecond() + 1234) + "}");
        server.enqueue(json(200, "{\"token_type\":\"Bearer\",\"access_token\":\"" + token + "\"}"));
        AccessToken t = shopware.requestToken(grant);
        assertEquals(NOW.plusSeconds(1234), t.expiresAt());
        assertEquals(NOW, t.issuedAt());

        server.enqueue(json(200, "{\"token_type\":\"Bearer\",\"access_token\":\""
                + jwt("{\"exp\":" + (NOW.getEpochSecond() - 5) + "}") + "\"}"));
        assertTrue(assertThrows(InvalidResponseException.class, () -> shopware.requestToken(grant)).getMessage()
                .contains("exp claim is not in the future"));
    }

    @Test
    void expiryFallsBackToDocumentedProviderDefaults() throws Exception {
        String opaque = "{\"token_type\":\"Bearer\",\"access_token\":\"opaque-token-without-claims\"}";
        server.enqueue(json(200, opaque));
        assertEquals(Duration.ofSeconds(600), shopware.requestToken(grant).lifetime());

        TokenClient sellytics = SellyticsAuth.builder()
                .tokenUrl(server.url("/realms/r/protocol/openid-connect/token").toString()).clock(fixedClock()).build();
        server.enqueue(json(200, opaque));
        assertEquals(Duration.ofSeconds(300), sellytics.requestToken(grant).lifetime());

        TokenClient cl = CommerceLayerAuth.builder().baseUrl(server.url("/").toString()).clock(fixedClock()).build();
        server.enqueue(json(200, opaque));
        assertEquals(Duration.ofHours(2), cl.requestToken(grant).lifetime());
    }

    @Test
    void rateLimitWithRetryAfterDate() {
        server.enqueue(json(429, "{\"errors\":[{\"code\":\"TOO_MANY_REQUESTS\",\"title\":\"Too many requests\",\"status\":429}]}")
                .setHeader("Retry-After", "Mon, 23 Nov 2026 10:00:42 GMT"));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> shopware.requestToken(grant));
        assertEquals(Optional.of(Duration.ofSeconds(42)), e.retryAfter());
    }

    @Test
    void rateLimitWithHtmlBody() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7").setBody("<html>slow down</html>"));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> shopware.requestToken(grant));
        assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
        assertEquals("too_many_requests", e.error());
        assertTrue(e.isRetryable());
    }

    @Test
    void insecureHttpIsRefusedForRemoteHosts() {
        assertThrows(IllegalArgumentException.class, () -> ShopwareAuth.builder().shopUrl("http://shop.example.com").build());
        assertThrows(IllegalArgumentException.class, () -> CommerceLayerAuth.builder().baseUrl("http://auth.example.com").build());
        CommerceLayerAuth.builder().baseUrl("http://127.0.0.1:8080").build();
        ShopwareAuth.builder().shopUrl("http://[::1]:8080/").build();
        ShopwareAuth.builder().shopUrl("http://shop.internal").allowInsecureHttp(true).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShopwareAuth.builder()
                .shopUrl("https://user:pw@shop.example.com").build()).getMessage().contains("must not contain user info"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShopwareAuth.builder()
                .shopUrl("https://ex\u00e4mple.com").build()).getMessage().contains("must have an ASCII host name"));
    }
}
