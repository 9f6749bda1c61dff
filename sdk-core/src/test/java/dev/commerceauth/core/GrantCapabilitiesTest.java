package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each grant says it can do; the cache acts on these answers instead of on the grant's class. */
class GrantCapabilitiesTest {

    static final ClientCredentialsGrant CC = ClientCredentialsGrant.builder().clientId("c").clientSecret("s").build();
    static final PasswordGrant PASSWORD = PasswordGrant.builder().clientId("administration").username("alice")
            .password("pw").build();
    static final AuthorizationCodeGrant CODE = AuthorizationCodeGrant.builder().clientId("c").clientSecret("s")
            .code("the-code").redirectUri("https://app.example/cb").build();
    static final JwtBearerGrant JWT = JwtBearerGrant.builder().clientId("c").clientSecret("s")
            .assertion("eyJhbGciOiJub25lIn0.e30.c2ln").build();
    static final RefreshTokenGrant REFRESH = RefreshTokenGrant.builder().clientId("c").refreshToken("rt-app").build();

    /** grant, renewsWithRefreshToken, isSingleUse, regrantsAfterRejectedRefresh, requiresSubject */
    private static void assertCapabilities(Grant g, boolean renews, boolean singleUse, boolean regrants,
            boolean subject) {
        String name = g.grantType();
        assertEquals(renews, g.renewsWithRefreshToken(), name + " renewsWithRefreshToken");
        assertEquals(singleUse, g.isSingleUse(), name + " isSingleUse");
        assertEquals(regrants, g.regrantsAfterRejectedRefresh(), name + " regrantsAfterRejectedRefresh");
        assertEquals(subject, g.requiresSubject(), name + " requiresSubject");
    }

    @Test
    void eachGrantAnswersForItself() {
        assertCapabilities(CC, false, false, false, false);
        assertCapabilities(PASSWORD, true, false, true, false);
        assertCapabilities(CODE, true, true, false, true);
        assertCapabilities(JWT, true, false, true, true);
        assertCapabilities(REFRESH, true, false, false, true);
    }

    @Test
    void onlyARefreshTokenGrantStartsFromARefreshToken() {
        assertEquals("rt-app", REFRESH.initialRefreshToken().map(Secret::reveal).orElse(null));
        for (Grant g : Arrays.asList(CC, PASSWORD, CODE, JWT)) {
            assertEquals(Optional.empty(), g.initialRefreshToken(), g.grantType());
        }
    }

    @Test
    void onlyThePasswordGrantNamesItsUser() {
        assertEquals("alice", PASSWORD.impliedSubject());
        for (Grant g : Arrays.asList(CC, CODE, JWT, REFRESH)) {
            assertNull(g.impliedSubject(), g.grantType());
        }
    }

    @Test
    void theStoreKeyOfAPasswordGrantIsKeyedByItsUsernameAsBefore() throws Exception {
        String material = "v1\u0000https://shop.example\u0000password\u0000administration\u0000\u0000alice";
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
        StringBuilder expected = new StringBuilder("commerceauth:v1:");
        for (byte b : hash) {
            expected.append(String.format("%02x", b));
        }
        assertEquals(expected.toString(), TokenStore.key("https://shop.example", PASSWORD, null));
        assertEquals(expected.toString(), TokenStore.key("https://shop.example", PASSWORD, "alice"));
    }

    @Test
    void theSdkGrantTypesAreTheFiveGrants() {
        assertEquals(List.of("client_credentials", "password", "authorization_code", "refresh_token",
                "urn:ietf:params:oauth:grant-type:jwt-bearer"), List.copyOf(Grant.SDK_GRANT_TYPES));
        for (Grant g : Arrays.asList(CC, PASSWORD, CODE, JWT, REFRESH)) {
            assertTrue(Grant.SDK_GRANT_TYPES.contains(g.grantType()), g.grantType());
        }
        assertFalse(Grant.SDK_GRANT_TYPES.contains("implicit"));
    }
}
