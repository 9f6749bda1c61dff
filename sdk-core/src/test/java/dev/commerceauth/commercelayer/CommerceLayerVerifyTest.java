package dev.commerceauth.commercelayer;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.TokenVerificationException;
import dev.commerceauth.testing.RsaJwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS512 verification against a JWKS served over real HTTP. */
class CommerceLayerVerifyTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static KeyPair keys;
    private static KeyPair otherKeys;

    private MockWebServer server;
    private CommerceLayerAuth auth;
    private String issuer;

    @BeforeAll
    static void generateKeys() throws Exception {
        keys = RsaJwts.keyPair();
        otherKeys = RsaJwts.keyPair();
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        issuer = server.url("/").toString().replaceAll("/$", "");
        auth = CommerceLayerAuth.builder().baseUrl(issuer).clock(fixedClock()).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private String claims(String iss, long exp) {
        return "{\"organization\":{\"id\":\"o1\",\"slug\":\"the-blue-brand\"},\"application\":{\"kind\":\"integration\"},"
                + "\"market\":{\"id\":[\"m1\"]},\"scope\":\"market:all\",\"iss\":\"" + iss + "\",\"exp\":" + exp
                + ",\"iat\":" + NOW.getEpochSecond() + ",\"test\":false}";
    }

    private String validToken() throws Exception {
        return RsaJwts.sign("{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"key-1\"}", claims(issuer, NOW.getEpochSecond() + 7200), keys);
    }

    @Test
    void validTokenVerifiesAndKeysAreCached() throws Exception {
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        CommerceLayerClaims c = auth.verify(validToken());
        assertEquals("the-blue-brand", c.organizationSlug());
        assertEquals(java.util.Arrays.asList("m1"), c.marketIds());
        RecordedRequest r = server.takeRequest();
        assertEquals("GET", r.getMethod());
        assertEquals("/.well-known/jwks.json", r.getPath());

        auth.verify(validToken());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        String[] parts = validToken().split("\\.");
        String forged = parts[0] + "." + B64.encodeToString(claims(issuer, NOW.getEpochSecond() + 999999)
                .replace("the-blue-brand", "evil-brand").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        TokenVerificationException e = assertThrows(TokenVerificationException.class, () -> auth.verify(forged));
        assertEquals("The token's signature does not match key 'key-1'.", e.getMessage());
    }

    @Test
    void tamperedSignatureIsRejected() throws Exception {
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        String token = validToken();
        char last = token.charAt(token.length() - 10);
        String tampered = token.substring(0, token.length() - 10) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 9);
        assertThrows(TokenVerificationException.class, () -> auth.verify(tampered));
    }

    @Test
    void signatureOfAnotherKeyIsRejected() throws Exception {
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        String token = RsaJwts.sign("{\"alg\":\"RS512\",\"kid\":\"key-1\"}", claims(issuer, NOW.getEpochSecond() + 60), otherKeys);
        assertThrows(TokenVerificationException.class, () -> auth.verify(token));
    }

    @Test
    void unknownKidIsRejectedAndRefetchIsRateLimited() throws Exception {
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        String token = RsaJwts.sign("{\"alg\":\"RS512\",\"kid\":\"key-2\"}", claims(issuer, NOW.getEpochSecond() + 60), keys);
        TokenVerificationException e = assertThrows(TokenVerificationException.class, () -> auth.verify(token));
        assertTrue(e.getMessage().startsWith("No RSA key with id 'key-2'"), e.getMessage());
        assertThrows(TokenVerificationException.class, () -> auth.verify(token));
        assertEquals(1, server.getRequestCount());
        String noKid = RsaJwts.sign("{\"alg\":\"RS512\"}", claims(issuer, NOW.getEpochSecond() + 60), keys);
        assertEquals("The token has no key id (kid) in its header.",
                assertThrows(TokenVerificationException.class, () -> auth.verify(noKid)).getMessage());
    }

    @Test
    void algNoneAndHmacAreRejectedWithoutFetchingKeys() throws Exception {
        String payload = B64.encodeToString(claims(issuer, NOW.getEpochSecond() + 60).getBytes(StandardCharsets.UTF_8));
        String none = B64.encodeToString("{\"alg\":\"none\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
        assertEquals("The token's algorithm 'none' is not allowed; only RS512 tokens are accepted.",
                assertThrows(TokenVerificationException.class, () -> auth.verify(none)).getMessage());

        String hsInput = B64.encodeToString("{\"alg\":\"HS256\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys.getPublic().getEncoded(), "HmacSHA256"));
        String hs = hsInput + "." + B64.encodeToString(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("The token's algorithm 'HS256' is not allowed; only RS512 tokens are accepted.",
                assertThrows(TokenVerificationException.class, () -> auth.verify(hs)).getMessage());

        String rs256 = RsaJwts.sign("{\"alg\":\"RS256\",\"kid\":\"key-1\"}", claims(issuer, NOW.getEpochSecond() + 60), keys);
        assertThrows(TokenVerificationException.class, () -> auth.verify(rs256));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void foreignIssuerIsNeverTrusted() throws Exception {
        String token = RsaJwts.sign("{\"alg\":\"RS512\",\"kid\":\"key-1\"}",
                claims("https://auth.evil.example.com", NOW.getEpochSecond() + 60), keys);
        TokenVerificationException e = assertThrows(TokenVerificationException.class, () -> auth.verify(token));
        assertTrue(e.getMessage().startsWith("The token's issuer 'https://auth.evil.example.com' is not the configured issuer"));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        String token = RsaJwts.sign("{\"alg\":\"RS512\",\"kid\":\"key-1\"}", claims(issuer, NOW.getEpochSecond()), keys);
        assertTrue(assertThrows(TokenVerificationException.class, () -> auth.verify(token)).getMessage()
                .startsWith("The token expired at"));
    }

    @Test
    void garbageIsRejected() {
        assertEquals("The token is not a JWT (three base64url parts with JSON header and payload).",
                assertThrows(TokenVerificationException.class, () -> auth.verify("abc.def")).getMessage());
    }

    @Test
    void brokenJwksIsAnInvalidResponse() throws Exception {
        server.enqueue(json(200, "{\"nokeys\":true}"));
        assertThrows(dev.commerceauth.core.InvalidResponseException.class, () -> auth.verify(validToken()));
    }
}
