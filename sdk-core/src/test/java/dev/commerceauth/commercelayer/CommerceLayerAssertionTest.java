package dev.commerceauth.commercelayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAssertion.OwnerType;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@link CommerceLayerAssertion}: the JWT js-auth's {@code createAssertion} makes, and a token over real HTTP. */
class CommerceLayerAssertionTest {

    static final Clock AT_1700000000 = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    /**
     * Computed outside Java (Python's hmac/base64 over the JSON text JavaScript's JSON.stringify
     * writes for this payload): what js-auth's createAssertion gives at iat 1700000000.
     */
    static final String VECTOR = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJodHRwczovL2NvbW1lcmNlbGF5ZXIuaW8vY2xhaW1zIjp7Im93bmVy"
            + "Ijp7InR5cGUiOiJDdXN0b21lciIsImlkIjoiNHRlcGZ0SnNUMiJ9LCJjdXN0b21fY2xhaW0iOnsiY3VzdG9tZXIiOnsiZmlyc3RfbmFtZSI6Ilpv"
            + "w6siLCJub3RlIjoic2F5IFwiaGlcIlxuXHUwMDAxIn0sIm4iOjEuNSwiYmlnIjoxZSsyMSwidGlueSI6MWUtNywib2siOnRydWUsIm5vbmUiOm51"
            + "bGwsImxpc3QiOlsxLCJ0d28iXX19LCJpYXQiOjE3MDAwMDAwMDB9.6T28-mFPRh1yIbkY-HWDbtgUiITB7cRgu8SbiTwMgkhQUMaJ_ON0R-Z3B7vX5a"
            + "dy9d84Ij7ZWIzhdGt8GszYlw";

    static CommerceLayerAssertion vectorAssertion() {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("first_name", "Zoë");
        customer.put("note", "say \"hi\"\n\u0001");
        return CommerceLayerAssertion.builder()
                .owner(OwnerType.CUSTOMER, "4tepftJsT2")
                .customClaim("customer", customer)
                .customClaim("n", 1.5)
                .customClaim("big", 1e21)
                .customClaim("tiny", 1e-7)
                .customClaim("ok", true)
                .customClaim("none", null)
                .customClaim("list", Arrays.asList(1, "two"))
                .build();
    }

    static String part(String jwt, int i) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]), StandardCharsets.UTF_8);
    }

    @Test
    void encodesExactlyWhatJsAuthsCreateAssertionEncodes() {
        assertEquals(VECTOR, vectorAssertion().encode(AT_1700000000).reveal());
    }

    @Test
    void headerPayloadAndHs512SignatureKeyedWithCl() throws Exception {
        String jwt = CommerceLayerAssertion.builder().owner(OwnerType.USER, "1234").build().encode(AT_1700000000).reveal();
        String[] parts = jwt.split("\\.");
        assertEquals("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", part(jwt, 0));
        assertEquals("{\"https://commercelayer.io/claims\":{\"owner\":{\"type\":\"User\",\"id\":\"1234\"}},\"iat\":1700000000}",
                part(jwt, 1));
        Mac hmac = Mac.getInstance("HmacSHA512");
        hmac.init(new SecretKeySpec("cl".getBytes(StandardCharsets.US_ASCII), "HmacSHA512"));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, parts[2]);
        assertFalse(jwt.contains("="), "unpadded base64url");
    }

    @Test
    void customClaimsAloneAreEnoughButNothingIsNot() {
        String jwt = CommerceLayerAssertion.builder().customClaim("name", "John").build().encode(AT_1700000000).reveal();
        assertEquals("{\"https://commercelayer.io/claims\":{\"custom_claim\":{\"name\":\"John\"}},\"iat\":1700000000}",
                part(jwt, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommerceLayerAssertion.builder().build());
        assertEquals("an assertion needs an owner, custom claims or both", e.getMessage());
    }

    @Test
    void numbersAreWrittenTheWayJavaScriptWritesThem() {
        Object[][] cases = {
            {0.0, "0"}, {-0.0, "0"}, {1.0, "1"}, {100.0, "100"}, {0.1, "0.1"}, {-2.5, "-2.5"}, {1e20, "100000000000000000000"},
            {1e21, "1e+21"}, {1.5e22, "1.5e+22"}, {1e-6, "0.000001"}, {1e-7, "1e-7"}, {-1.25e-9, "-1.25e-9"}, {0.5f, "0.5"},
            {42, "42"}, {-7L, "-7"}, {new java.math.BigDecimal("12.3400"), "12.34"}, {java.math.BigInteger.TEN, "10"},
        };
        for (Object[] c : cases) {
            assertEquals(c[1], AssertionJson.javaScriptNumber((Number) c[0]), String.valueOf(c[0]));
        }
    }

    @Test
    void theAssertionIsImmutableAndItsToStringShowsNoClaimValue() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("street", "Secret Lane 1");
        List<Object> tags = new ArrayList<>(Collections.singletonList("vip"));
        address.put("tags", tags);
        CommerceLayerAssertion a = CommerceLayerAssertion.builder().owner(OwnerType.CUSTOMER, "4tepftJsT2")
                .customClaim("address", address).build();
        String before = a.encode(AT_1700000000).reveal();
        address.put("street", "Other");
        tags.add("changed");
        assertEquals(before, a.encode(AT_1700000000).reveal());
        assertThrows(UnsupportedOperationException.class, () -> a.customClaims().put("x", 1));
        assertEquals("CommerceLayerAssertion{owner=Customer 4tepftJsT2, customClaims=[address]}", a.toString());
        assertFalse(a.encode().toString().contains("eyJ"), "the encoded assertion is a masked Secret");
        assertEquals(vectorAssertion(), vectorAssertion(), "equality follows the values");
        assertEquals(vectorAssertion().hashCode(), vectorAssertion().hashCode());
        assertFalse(a.equals(vectorAssertion()));
    }

    @Test
    void badInputIsRefusedWithAMessageNamingTheField() {
        CommerceLayerAssertion.Builder b = CommerceLayerAssertion.builder();
        assertThrows(IllegalArgumentException.class, () -> b.owner(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> b.owner(OwnerType.CUSTOMER, ""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.owner(OwnerType.CUSTOMER, "a b"))
                .getMessage().startsWith("owner id must be printable ASCII"));
        assertThrows(IllegalArgumentException.class, () -> b.customClaim("", 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.customClaim("when", new java.util.Date()))
                .getMessage().startsWith("custom claim when is a java.util.Date"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.customClaim("n", Double.NaN))
                .getMessage().contains("not a finite number"));
        assertThrows(IllegalArgumentException.class, () -> b.customClaim("m", Collections.singletonMap(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> b.customClaim("s", "\ud800"));
        Map<String, Object> cycle = new LinkedHashMap<>();
        cycle.put("self", cycle);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.customClaim("cycle", cycle))
                .getMessage().contains("nested deeper than 32"));
        char[] big = new char[3000];
        Arrays.fill(big, 'x');
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> CommerceLayerAssertion.builder().customClaim("blob", new String(big)).build());
        assertTrue(tooBig.getMessage().contains("Commerce Layer accepts at most 4096"), tooBig.getMessage());
    }

    @Test
    void theGrantBuiltFromItGetsTheCustomersTokenFromTheEmulatorOverRealHttp() {
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().start()) {
            CommerceLayerAuth auth = CommerceLayerAuth.builder().baseUrl(emulator.commerceLayerBaseUrl()).build();
            String code = emulator.issueAuthorizationCode(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID,
                    DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL);
            String customerId = auth.claims(auth.requestToken(AuthorizationCodeGrant.builder()
                    .clientId(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID)
                    .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET)
                    .redirectUri(DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI).code(code).build()).value())
                    .ownerId().orElseThrow(AssertionError::new);

            JwtBearerGrant grant = CommerceLayerAssertion.builder().owner(OwnerType.CUSTOMER, customerId)
                    .customClaim("channel", "support-tool").build()
                    .grantBuilder()
                    .clientId(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID)
                    .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET)
                    .build();
            AccessToken token = auth.requestToken(grant);
            assertEquals(customerId, auth.claims(token.value()).ownerId().orElse(null));
            assertEquals("customer", token.extraFields().get("owner_type"));
            assertTrue(part(token.value(), 1).contains("\"custom_claim\":{\"channel\":\"support-tool\"}"));

            JwtBearerGrant unknown = CommerceLayerAssertion.builder().owner(OwnerType.CUSTOMER, "NoSuchCust").build()
                    .grantBuilder().clientId(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID)
                    .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET).build();
            assertTrue(assertThrows(dev.commerceauth.core.OAuthErrorException.class, () -> auth.requestToken(unknown))
                    .isInvalidGrant());
        }
    }
}
