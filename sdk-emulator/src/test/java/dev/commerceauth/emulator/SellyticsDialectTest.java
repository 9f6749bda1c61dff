package dev.commerceauth.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.commerceauth.emulator.DemoCredentials.SELLYTICS_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.SELLYTICS_CLIENT_SECRET;
import static dev.commerceauth.emulator.Http.form;
import static dev.commerceauth.emulator.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SellyticsDialectTest {

    static TokenServerEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = TokenServerEmulator.builder()
                .client(EmulatorClient.sellytics("id with:colon&ü", "secret:with %&+ü"))
                .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Http.Reply token(String... pairs) {
        return postForm(emulator.sellyticsTokenUrl(), form(pairs));
    }

    private static void assertKeycloakError(Http.Reply r, int status, String error, String description) {
        assertEquals(status, r.status(), r.body());
        assertEquals(error, r.json().get("error"));
        if (description != null) {
            assertEquals(description, r.json().get("error_description"));
        }
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("no-cache", r.header("Pragma"));
    }

    @Test
    void clientCredentialsWithFormFields() {
        Http.Reply r = token("grant_type", "client_credentials", "client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET, "scope", "sellytics-data-api");
        assertEquals(200, r.status(), r.body());
        Map<String, Object> body = r.json();
        assertEquals(86400L, body.get("expires_in"));
        assertEquals(0L, body.get("refresh_expires_in"));
        assertEquals("Bearer", body.get("token_type"));
        assertEquals(0L, body.get("not-before-policy"));
        assertEquals("sellytics-data-api profile email", body.get("scope"));
        assertNull(body.get("refresh_token"));
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("no-cache", r.header("Pragma"));
        assertTrue(r.header("Content-Type").startsWith("application/json"));

        String jwt = (String) body.get("access_token");
        assertEquals("RS256", Http.header(jwt).get("alg"));
        assertEquals(emulator.keyId(), Http.header(jwt).get("kid"));
        Map<String, Object> claims = Http.claims(jwt);
        assertEquals(emulator.sellyticsRealmUrl(), claims.get("iss"));
        assertEquals(SELLYTICS_CLIENT_ID, claims.get("azp"));
        assertEquals(86400L, (Long) claims.get("exp") - (Long) claims.get("iat"));
        assertEquals("sellytics-data-api profile email", claims.get("scope"));
        assertEquals(200, Http.bearer(emulator.protectedResourceUrl(), jwt).status());
    }

    @Test
    void clientCredentialsWithUrlEncodedHttpBasic() {
        Http.Reply r = postForm(emulator.sellyticsTokenUrl(), form("grant_type", "client_credentials"),
                "Authorization", Http.basic("id with:colon&ü", "secret:with %&+ü"));
        assertEquals(200, r.status(), r.body());
        assertEquals("profile email", r.json().get("scope"));
        assertEquals("id with:colon&ü", Http.claims(r.accessToken()).get("azp"));
    }

    @Test
    void certsVerifyTheToken() throws Exception {
        String jwt = token("grant_type", "client_credentials", "client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET).accessToken();
        Http.Reply certs = Http.get(emulator.sellyticsRealmUrl() + "/protocol/openid-connect/certs");
        assertEquals(200, certs.status());
        assertTrue(Jwks.verifies(certs.json(), jwt));
    }

    @Test
    void jsonBodyGetsMissingFormParameter() {
        Http.Reply r = Http.postJson(emulator.sellyticsTokenUrl(), Http.json("grant_type", "client_credentials",
                "client_id", SELLYTICS_CLIENT_ID, "client_secret", SELLYTICS_CLIENT_SECRET));
        assertKeycloakError(r, 400, "invalid_request", "Missing form parameter: grant_type");
    }

    @Test
    void wrongSecretIsUnauthorizedClientWithoutWwwAuthenticate() {
        Http.Reply r = token("grant_type", "client_credentials", "client_id", SELLYTICS_CLIENT_ID, "client_secret", "nope");
        assertKeycloakError(r, 401, "unauthorized_client", "Invalid client or Invalid client credentials");
        assertNull(r.header("WWW-Authenticate"));
    }

    @Test
    void missingSecretIsUnauthorizedClient() {
        assertKeycloakError(token("grant_type", "client_credentials", "client_id", SELLYTICS_CLIENT_ID),
                401, "unauthorized_client", null);
    }

    @Test
    void unknownClientIsInvalidClient() {
        assertKeycloakError(token("grant_type", "client_credentials", "client_id", "who", "client_secret", "x"),
                401, "invalid_client", null);
    }

    @Test
    void missingClientIdIs400() {
        assertKeycloakError(token("grant_type", "client_credentials"), 400, "invalid_client", "Missing client_id parameter");
    }

    @Test
    void unknownScopeIsInvalidScope() {
        assertKeycloakError(token("grant_type", "client_credentials", "client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET, "scope", "x"), 400, "invalid_scope", "Invalid scopes: x");
    }

    @Test
    void badGrantTypeIsUnsupported() {
        assertKeycloakError(token("grant_type", "magic", "client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET), 400, "unsupported_grant_type", null);
    }

    @Test
    void badRefreshTokenIsInvalidGrant() {
        assertKeycloakError(token("grant_type", "refresh_token", "client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET, "refresh_token", "garbage"), 400, "invalid_grant", null);
    }

    @Test
    void unknownRealmIs404() {
        Http.Reply r = postForm(emulator.baseUrl() + "/sellytics/realms/other/protocol/openid-connect/token",
                form("grant_type", "client_credentials"));
        assertEquals(404, r.status());
        assertEquals(Map.of("error", "Realm does not exist"), r.json());
    }

    @Test
    void getOnTokenIs405() {
        assertEquals(405, Http.get(emulator.sellyticsTokenUrl()).status());
    }

    @Test
    void revokeAnswersEmptyAndTheTokenStopsWorking() {
        String jwt = token("grant_type", "client_credentials", "client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET).accessToken();
        Http.Reply r = postForm(emulator.sellyticsRevokeUrl(), form("client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET, "token", jwt));
        assertEquals(200, r.status());
        assertEquals("", r.body());
        Http.Reply echo = Http.bearer(emulator.protectedResourceUrl(), jwt);
        assertEquals(401, echo.status());
    }

    @Test
    void revokeOfGarbageTokenIs200WithInvalidToken() {
        Http.Reply r = postForm(emulator.sellyticsRevokeUrl(), form("client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET, "token", "garbage"));
        assertEquals(200, r.status());
        assertEquals(Map.of("error", "invalid_token"), r.json());
    }

    @Test
    void revokeNeedsClientAndToken() {
        assertKeycloakError(postForm(emulator.sellyticsRevokeUrl(), form("client_id", SELLYTICS_CLIENT_ID,
                "client_secret", "wrong", "token", "x")), 401, "unauthorized_client", null);
        assertKeycloakError(postForm(emulator.sellyticsRevokeUrl(), form("client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET)), 400, "invalid_request", "Token not provided");
    }

    @Test
    void openidScopeAddsAnIdToken() {
        Http.Reply r = token("grant_type", "client_credentials", "client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET, "scope", "openid sellytics-data-api");
        assertEquals(200, r.status());
        assertNotNull(r.json().get("id_token"));
        assertEquals("openid sellytics-data-api profile email", r.json().get("scope"));
    }
}
