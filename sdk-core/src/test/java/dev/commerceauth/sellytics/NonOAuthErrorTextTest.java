package dev.commerceauth.sellytics;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.shopware.ShopwareAuth;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 13: an {@code error} that is not an OAuth 2.0 error code (Keycloak's
 * {@code 404 {"error":"Realm does not exist"}}, a gateway's {@code {"error":"blocked"}}) becomes a
 * code chosen by the status, with the text kept as the description; for sellytics the message
 * says to check the realm in the token URL and names the realm path the request went to.
 */
class NonOAuthErrorTextTest {

    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("client-1").clientSecret("secret-1").build();

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private SellyticsAuth sellytics(String realm) {
        return SellyticsAuth.builder()
                .tokenUrl(server.url("/realms/" + realm + "/protocol/openid-connect/token?debug=q-secret").toString())
                .clock(fixedClock()).build();
    }

    @Test
    void unknownKeycloakRealmIsInvalidRequestWithARealmHint() {
        server.enqueue(json(404, "{\"error\":\"Realm does not exist\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> sellytics("Sellytics").requestToken(GRANT));
        assertSame(OAuthErrorException.class, e.getClass());
        assertEquals(404, e.httpStatus());
        assertEquals("invalid_request", e.error());
        assertEquals(Optional.of("Realm does not exist"), e.errorDescription());
        assertEquals("{\"error\":\"Realm does not exist\"}", e.responseBody());
        assertFalse(e.isRetryable());
        String m = e.getMessage();
        assertTrue(m.startsWith("sellytics rejected the client_credentials token request (404 invalid_request: Realm does"
                + " not exist). Check the realm in the token URL: the request went to realm 'Sellytics' ("
                + server.url("/realms/Sellytics/protocol/openid-connect/token") + ")"), m);
        assertFalse(m.contains("debug") || m.contains("q-secret"), m);
    }

    @Test
    void keycloak26ShapeWithTheSameDescriptionIsNotRepeated() {
        server.enqueue(json(404, "{\"error\":\"Realm does not exist\",\"error_description\":\"Realm does not exist\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> sellytics("nope").requestToken(GRANT));
        assertEquals("invalid_request", e.error());
        assertEquals(Optional.of("Realm does not exist"), e.errorDescription());
        assertTrue(e.getMessage().contains("realm 'nope'"), e.getMessage());
    }

    @Test
    void revocationAtAnUnknownRealmNamesTheRealmToo() {
        server.enqueue(json(404, "{\"error\":\"Realm does not exist\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> sellytics("gone").revoke("token-1", GRANT));
        assertEquals("invalid_request", e.error());
        assertTrue(e.getMessage().contains("Check the realm in the token URL: the request went to realm 'gone' ("
                + server.url("/realms/gone/protocol/openid-connect/revoke") + ")"), e.getMessage());
    }

    @Test
    void keycloak404WithoutAnOAuthBodyGetsTheRealmHintToo() {
        server.enqueue(new MockResponse().setResponseCode(404).setHeader("Content-Type", "text/html")
                .setBody("<html>Not Found</html>"));
        InvalidResponseException e = assertThrows(InvalidResponseException.class,
                () -> sellytics("nope").requestToken(GRANT));
        assertTrue(e.getMessage().contains("Check the realm in the token URL: the request went to realm 'nope'"),
                e.getMessage());
    }

    @Test
    void nonOAuthErrorTextIsMappedByStatus() {
        server.enqueue(json(403, "{\"error\":\"blocked\",\"error_description\":\"by WAF\"}"));
        OAuthErrorException blocked = assertThrows(OAuthErrorException.class, () -> sellytics("r").requestToken(GRANT));
        assertEquals("invalid_request", blocked.error());
        assertEquals(Optional.of("blocked: by WAF"), blocked.errorDescription());
        assertTrue(blocked.getMessage().contains("not an OAuth 2.0 error code"), blocked.getMessage());

        server.enqueue(json(502, "{\"error\":\"Upstream failed\"}"));
        OAuthErrorException failed = assertThrows(OAuthErrorException.class, () -> sellytics("r").requestToken(GRANT));
        assertEquals("server_error", failed.error());
        assertEquals(Optional.of("Upstream failed"), failed.errorDescription());
        assertTrue(failed.isRetryable());

        server.enqueue(json(401, "{\"error\":\"HTTP 401 Unauthorized\"}"));
        OAuthErrorException unauthorized = assertThrows(OAuthErrorException.class,
                () -> sellytics("r").requestToken(GRANT));
        assertEquals("invalid_request", unauthorized.error());
        assertFalse(unauthorized.isInvalidClient());
    }

    @Test
    void otherProvidersMapNonOAuthErrorTextsAlike() {
        ShopwareAuth shopware = ShopwareAuth.builder().shopUrl(server.url("/").toString()).clock(fixedClock()).build();
        server.enqueue(json(404, "{\"error\":\"Route not found\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> shopware.requestToken(GRANT));
        assertEquals("invalid_request", e.error());
        assertEquals(Optional.of("Route not found"), e.errorDescription());
        assertFalse(e.getMessage().contains("realm"), e.getMessage());
    }
}
