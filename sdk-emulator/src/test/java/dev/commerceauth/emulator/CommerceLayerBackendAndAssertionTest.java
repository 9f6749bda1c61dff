package dev.commerceauth.emulator;

import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_MARKET_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET;
import static dev.commerceauth.emulator.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commerce Layer's backend headers ({@code x-backend-auth}, {@code x-true-client-ip}: the rate limit
 * per forwarded end-user IP) and the JWT bearer assertion's {@code https://commercelayer.io/claims},
 * over real HTTP.
 */
class CommerceLayerBackendAndAssertionTest {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String BACKEND_KEY = "emulator-backend-key-5f2c";

    private final ManualClock clock = ManualClock.startingNow();
    private TokenServerEmulator emulator;

    @BeforeEach
    void start() {
        emulator = TokenServerEmulator.builder().clock(clock).commerceLayerRateLimit(2)
                .commerceLayerBackendAuth(BACKEND_KEY).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Http.Reply integrationToken(String... headers) {
        return Http.postJson(emulator.commerceLayerTokenUrl(), json("grant_type", "client_credentials",
                "client_id", COMMERCELAYER_INTEGRATION_CLIENT_ID, "client_secret", COMMERCELAYER_INTEGRATION_CLIENT_SECRET),
                headers);
    }

    private static Http.Reply forUser(java.util.function.Function<String[], Http.Reply> send, String key, String ip) {
        return send.apply(new String[] {"x-backend-auth", key, "x-true-client-ip", ip});
    }

    @Test
    void theRateLimitCountsPerForwardedIpWhenTheBackendKeyMatches() {
        for (int i = 0; i < 2; i++) {
            assertEquals(200, forUser(this::integrationToken, BACKEND_KEY, "203.0.113.7").status());
        }
        assertEquals(429, forUser(this::integrationToken, BACKEND_KEY, "203.0.113.7").status(),
                "the third request of the same end user within a minute");
        Http.Reply other = forUser(this::integrationToken, BACKEND_KEY, "2001:db8::7");
        assertEquals(200, other.status(), "another end user has a budget of its own");
        assertEquals("1", other.headers().firstValue("X-Ratelimit-Remaining").orElse(null));
        assertEquals(200, integrationToken().status(), "the server's own IP has a budget of its own");

        List<RecordedTokenRequest> log = emulator.requests();
        assertEquals(5, log.size());
        assertTrue(log.get(0).backendAuthSent());
        assertTrue(log.get(0).backendAuthAccepted());
        assertEquals("203.0.113.7", log.get(0).trueClientIp());
        assertEquals("2001:db8:0:0:0:0:0:7", log.get(3).trueClientIp());
        assertFalse(log.get(4).backendAuthSent());
        assertNull(log.get(4).trueClientIp());
        for (RecordedTokenRequest r : log) {
            assertFalse(r.toString().contains(BACKEND_KEY), r.toString());
        }
        assertTrue(log.get(0).toString().contains("x-backend-auth=accepted x-true-client-ip=203.0.113.7"),
                log.get(0).toString());
    }

    @Test
    void aWrongKeyOrABadAddressIsIgnoredAndTheConnectionsIpCounts() {
        assertEquals(200, forUser(this::integrationToken, "not-the-key", "203.0.113.7").status());
        assertEquals(200, forUser(this::integrationToken, BACKEND_KEY, "shop.example.com").status());
        assertEquals(429, forUser(this::integrationToken, "not-the-key", "198.51.100.9").status(),
                "all three counted for 127.0.0.1");
        List<RecordedTokenRequest> log = emulator.requests();
        assertTrue(log.get(0).backendAuthSent());
        assertFalse(log.get(0).backendAuthAccepted());
        assertNull(log.get(0).trueClientIp());
        assertTrue(log.get(1).backendAuthAccepted());
        assertNull(log.get(1).trueClientIp(), "a host name is never resolved nor honoured");
        assertTrue(log.get(0).toString().contains("x-backend-auth=rejected"), log.get(0).toString());
    }

    @Test
    void withoutAConfiguredKeyNoForwardedIpIsHonoured() {
        emulator.close();
        emulator = TokenServerEmulator.builder().clock(clock).commerceLayerRateLimit(1).start();
        assertEquals(200, forUser(this::integrationToken, BACKEND_KEY, "203.0.113.7").status());
        assertEquals(429, forUser(this::integrationToken, BACKEND_KEY, "203.0.113.8").status());
        assertFalse(emulator.requests().get(0).backendAuthAccepted());
    }

    private Http.Reply jwtBearer(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String assertion = b64.encodeToString("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        return Http.postJson(emulator.commerceLayerTokenUrl(), json("grant_type", JWT_BEARER,
                "client_id", COMMERCELAYER_WEBAPP_CLIENT_ID, "client_secret", COMMERCELAYER_WEBAPP_CLIENT_SECRET,
                "assertion", assertion));
    }

    private String customerId() {
        Http.Reply r = Http.postJson(emulator.commerceLayerTokenUrl(), json("grant_type", "password",
                "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID, "username", COMMERCELAYER_CUSTOMER_EMAIL,
                "password", COMMERCELAYER_CUSTOMER_PASSWORD, "scope", "market:id:" + COMMERCELAYER_MARKET_ID));
        return (String) r.json().get("owner_id");
    }

    @Test
    void anAssertionNamingACustomerWithCustomClaimsGetsTheirTokenEnrichedWithThem() {
        emulator.close();
        emulator = TokenServerEmulator.builder().clock(clock).commerceLayerRateLimit(0).start();
        String id = customerId();
        Http.Reply r = jwtBearer("{\"https://commercelayer.io/claims\":{\"owner\":{\"type\":\"Customer\",\"id\":\"" + id
                + "\"},\"custom_claim\":{\"first_name\":\"John\"}},\"iat\":1700000000}");
        assertEquals(200, r.status(), r.body());
        assertEquals(id, r.json().get("owner_id"));
        Map<String, Object> claims = Http.claims(r.accessToken());
        assertEquals(Map.of("first_name", "John"), claims.get("custom_claim"));
        assertEquals(Map.of("id", id, "type", "Customer"), claims.get("owner"));

        Http.Reply customOnly = jwtBearer("{\"https://commercelayer.io/claims\":{\"custom_claim\":{\"tier\":\"gold\"}}}");
        assertEquals(200, customOnly.status(), customOnly.body());
        assertNull(customOnly.json().get("owner_id"), "no owner: an application token enriched with the claims");
        assertEquals(Map.of("tier", "gold"), Http.claims(customOnly.accessToken()).get("custom_claim"));
    }

    @Test
    void assertionsThatBreakCommerceLayersRulesAreInvalidGrants() {
        emulator.close();
        emulator = TokenServerEmulator.builder().clock(clock).commerceLayerRateLimit(0).start();
        String id = customerId();
        String[] invalid = {
            "{\"https://commercelayer.io/claims\":{}}",                                           // neither owner nor custom_claim
            "{\"https://commercelayer.io/claims\":\"owner\"}",                                    // not an object
            "{\"https://commercelayer.io/claims\":{\"owner\":{\"type\":\"customer\",\"id\":\"" + id + "\"}}}", // type's case
            "{\"https://commercelayer.io/claims\":{\"owner\":{\"type\":\"Customer\"}}}",          // no id
            "{\"https://commercelayer.io/claims\":{\"owner\":{\"type\":\"Customer\",\"id\":\"unknown1\"}}}",
            "{\"https://commercelayer.io/claims\":{\"owner\":{\"type\":\"User\",\"id\":\"" + id + "\"}}}", // no such user
            "{\"https://commercelayer.io/claims\":{\"owner\":{\"type\":\"Customer\",\"id\":\"" + id
                    + "\"},\"custom_claim\":[1]}}",                                               // custom_claim not an object
            "{\"sub\":\"" + COMMERCELAYER_CUSTOMER_EMAIL + "\",\"https://commercelayer.io/claims\":{}}", // claims win over sub
        };
        for (String payload : invalid) {
            Http.Reply r = jwtBearer(payload);
            assertEquals(401, r.status(), payload);
            assertEquals("invalid_grant", r.firstError().get("title"), payload);
        }
    }
}
