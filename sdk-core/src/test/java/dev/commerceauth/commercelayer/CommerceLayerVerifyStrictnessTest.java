package dev.commerceauth.commercelayer;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TokenVerificationException;
import dev.commerceauth.core.internal.JwksVerifier;
import dev.commerceauth.testing.RsaJwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 14: {@code verify()} checks {@code nbf} and {@code iat} with a leeway, rejects
 * {@code crit}, parses header, claims and JWKS strictly, bounds the token before decoding it and
 * the JWKS before parsing it, and rejects a JWKS that names two keys with one {@code kid}. The
 * JWKS is served over real HTTP; every rejection message is checked not to quote the token.
 */
class CommerceLayerVerifyStrictnessTest {

    private static final long NOW_S = NOW.getEpochSecond();
    private static final String HEADER = "{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"key-1\"}";
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

    /** Claims of a valid token plus {@code extra} members (each starting with a comma). */
    private String claims(String extra) {
        return "{\"organization\":{\"id\":\"o1\",\"slug\":\"the-blue-brand\"},\"application\":{\"kind\":\"integration\"},"
                + "\"scope\":\"market:all\",\"iss\":\"" + issuer + "\",\"exp\":" + (NOW_S + 7200) + extra + "}";
    }

    private String token(String claims) throws Exception {
        return RsaJwts.sign(HEADER, claims, keys);
    }

    private void serveJwks() {
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
    }

    /** Asserts a rejection whose message contains {@code expected} and quotes no part of the token. */
    private TokenVerificationException rejected(CommerceLayerAuth client, String token, String expected) {
        TokenVerificationException e = assertThrows(TokenVerificationException.class, () -> client.verify(token));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                assertFalse(e.getMessage().contains(part.substring(0, 8)), "the message quotes the token: " + e.getMessage());
            }
        }
        return e;
    }

    private static String b64(String s) {
        return RsaJwts.base64Url(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- nbf and iat, with the leeway ----

    @Test
    void nbfLaterThanTheLeewayIsRejectedAndWithinItAccepted() throws Exception {
        serveJwks();
        assertEquals("the-blue-brand", auth.verify(token(claims(",\"nbf\":" + (NOW_S + 60)))).organizationSlug());
        rejected(auth, token(claims(",\"nbf\":" + (NOW_S + 61))), "is not valid before 2026-11-23T10:01:01Z (nbf), more than 60 s");
        rejected(auth, token(claims(",\"nbf\":" + (NOW_S + 86400))), "Check that the local clock is synchronized");
    }

    @Test
    void iatInTheFutureBeyondTheLeewayIsRejected() throws Exception {
        serveJwks();
        assertEquals("the-blue-brand", auth.verify(token(claims(",\"iat\":" + (NOW_S + 60)))).organizationSlug());
        rejected(auth, token(claims(",\"iat\":" + (NOW_S + 61))), "claims to be issued at 2026-11-23T10:01:01Z (iat)");
    }

    @Test
    void theLeewayIsConfigurableOnTheBuilderAndBounded() throws Exception {
        assertEquals(Duration.ofSeconds(60), CommerceLayerAuth.DEFAULT_VERIFICATION_LEEWAY);
        CommerceLayerAuth strict = CommerceLayerAuth.builder().baseUrl(issuer).clock(fixedClock())
                .verificationLeeway(Duration.ZERO).build();
        serveJwks();
        assertEquals("the-blue-brand", strict.verify(token(claims(",\"nbf\":" + NOW_S + ",\"iat\":" + NOW_S)))
                .organizationSlug());
        rejected(strict, token(claims(",\"nbf\":" + (NOW_S + 1))), "more than 0 s after the local clock");
        rejected(strict, token(claims(",\"iat\":" + (NOW_S + 1))), "more than 0 s after the local clock");

        CommerceLayerAuth lenient = CommerceLayerAuth.builder().baseUrl(issuer).clock(fixedClock())
                .verificationLeeway(Duration.ofMinutes(5)).build();
        serveJwks();
        lenient.verify(token(claims(",\"nbf\":" + (NOW_S + 300) + ",\"iat\":" + (NOW_S + 300))));
        // the leeway never extends exp
        rejected(lenient, token(claims("").replace("\"exp\":" + (NOW_S + 7200), "\"exp\":" + NOW_S)), "The token expired at");

        for (Duration bad : Arrays.asList(null, Duration.ofSeconds(-1), Duration.ofMinutes(5).plusSeconds(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CommerceLayerAuth.builder().verificationLeeway(bad));
            assertTrue(e.getMessage().startsWith("The verification leeway must be from 0 to 300 seconds"), e.getMessage());
        }
    }

    @Test
    void timeClaimsMustBeNumbers() throws Exception {
        serveJwks();
        rejected(auth, token(claims("").replace("\"exp\":" + (NOW_S + 7200), "\"exp\":\"" + (NOW_S + 7200) + "\"")),
                "The token's exp claim is not a number");
        rejected(auth, token(claims(",\"nbf\":\"" + NOW_S + "\"")), "The token's nbf claim is not a number");
        rejected(auth, token(claims(",\"iat\":true")), "The token's iat claim is not a number");
        // a fractional NumericDate is a number (RFC 7519 section 2); absurd ones neither throw nor pass wrongly
        auth.verify(token(claims(",\"iat\":" + NOW_S + ".5")));
        auth.verify(token(claims(",\"nbf\":-1e300,\"iat\":1e-999999999")));
        rejected(auth, token(claims(",\"nbf\":1e300")), "is not valid before epoch second 9223372036854775807");
        // numbers no double can hold are refused by the parser (I-JSON), wherever they are
        rejected(auth, token(claims(",\"nbf\":1e999999999")), "a number is beyond the range of a double (RFC 7493)");
        rejected(auth, token(claims(",\"x\":-1e400")), "a number is beyond the range of a double (RFC 7493)");
    }

    // ---- crit ----

    @Test
    void anyCritHeaderIsRejectedBeforeTheKeysAreFetched() throws Exception {
        String[] headers = {
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[\"exp\"],\"exp\":1}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[\"b64\"],\"b64\":true}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[]}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":null}",
        };
        for (String h : headers) {
            rejected(auth, RsaJwts.sign(h, claims(""), keys), "marks parameters as critical (crit)");
        }
        assertEquals(0, server.getRequestCount());
    }

    // ---- strict JSON ----

    @Test
    void lenientHeaderJsonIsRejected() throws Exception {
        serveJwks();
        String[] headers = {
            "{alg:\"RS512\",kid:\"key-1\"}",
            "{'alg':'RS512','kid':'key-1'}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\"/* c */}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\"}x",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\"}{}",
        };
        for (String h : headers) {
            rejected(auth, RsaJwts.sign(h, claims(""), keys), "The token's header is not one strict JSON object");
        }
        rejected(auth, RsaJwts.sign("{\"alg\":\"RS512\",\"kid\":\"key-1\"} {\"alg\":\"none\"}", claims(""), keys),
                "there is data after the JSON object");
        rejected(auth, RsaJwts.sign("[{\"alg\":\"RS512\",\"kid\":\"key-1\"}]", claims(""), keys), "it is not a JSON object");
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aDuplicateMemberIsRejectedNotReadAsItsLastValue() throws Exception {
        serveJwks();
        rejected(auth, RsaJwts.sign("{\"alg\":\"none\",\"kid\":\"key-1\",\"alg\":\"RS512\"}", claims(""), keys),
                "the member name 'alg' appears twice in one object");
        // a foreign issuer first, the configured one last
        rejected(auth, token("{\"iss\":\"https://auth.evil.example.com\"," + claims("").substring(1)),
                "The token's payload (claims) is not one strict JSON object: the member name 'iss' appears twice");
        rejected(auth, token(claims(",\"exp\":" + (NOW_S + 999999))), "the member name 'exp' appears twice");
        rejected(auth, token("{\"organization\":{\"slug\":\"a\",\"slug\":\"b\"},\"iss\":\"" + issuer + "\",\"exp\":"
                + (NOW_S + 60) + "}"), "the member name 'slug' appears twice");
    }

    @Test
    void lenientClaimsAndMalformedUtf8AreRejected() throws Exception {
        serveJwks();
        rejected(auth, token(claims("").replace("\"scope\"", "scope")), "The token's payload (claims) is not one strict JSON");
        rejected(auth, token(claims("") + "\n{}"), "there is data after the JSON object");
        rejected(auth, token(claims(",\"x\":\"\u0001\"")), "not strict JSON");
        String badUtf8 = RsaJwts.base64Url(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        rejected(auth, RsaJwts.signEncoded(b64(HEADER), badUtf8, keys), "it is not valid UTF-8");
    }

    @Test
    void aNumericKidIsNotReadAsAString() throws Exception {
        server.enqueue(json(200, RsaJwts.jwks(keys, "1")));
        rejected(auth, RsaJwts.sign("{\"alg\":\"RS512\",\"kid\":1}", claims(""), keys),
                "The token's key id (kid) is not a non-empty string.");
        rejected(auth, RsaJwts.sign("{\"alg\":512,\"kid\":\"1\"}", claims(""), keys),
                "The token's algorithm (not a string) is not allowed");
    }

    @Test
    void decodingWithoutVerifyingReadsHeaderAndClaimsAsStrictlyButIgnoresTheSignature() throws Exception {
        String valid = token(claims(""));
        String unsigned = valid.substring(0, valid.lastIndexOf('.') + 1) + "not*a*signature";
        assertEquals("the-blue-brand", auth.claims(unsigned).organizationSlug());
        // a duplicate claim is not read as its last value here either
        String twice = token("{\"organization\":{\"slug\":\"the-blue-brand\"},\"organization\":{\"slug\":\"evil\"}}");
        assertThrows(IllegalArgumentException.class, () -> auth.claims(twice));
        assertThrows(IllegalArgumentException.class, () -> CommerceLayerClaims.decode(token(claims("").replace("\"scope\"", "scope"))));
    }

    // ---- encoding ----

    @Test
    void onlyCanonicalUnpaddedBase64urlIsAccepted() throws Exception {
        serveJwks();
        String valid = token(claims(""));
        auth.verify(valid);
        String[] p = valid.split("\\.");
        // the same signed bytes, spelled differently: padding, a foreign character, unused bits set
        String padded = p[2].length() % 4 == 0 ? null : p[2] + "==".substring(0, 4 - p[2].length() % 4);
        rejected(auth, p[0] + "." + p[1] + "." + padded, "The token's signature part is not base64url (RFC 7515 section 2): "
                + "it is padded with '='");
        rejected(auth, p[0] + "." + p[1] + "." + p[2].substring(0, 10) + "+" + p[2].substring(11),
                "contains a character outside the base64url alphabet A-Z a-z 0-9 - _ at position 10");
        rejected(auth, p[0] + "." + p[1] + "." + p[2] + " ", "contains a character outside the base64url alphabet");
        String sig = p[2];
        char last = sig.charAt(sig.length() - 1);
        // 256 signature bytes -> 342 characters, the last carrying 4 unused bits (zero when canonical)
        assertEquals(342, sig.length());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String nonCanonical = sig.substring(0, sig.length() - 1) + alphabet.charAt(alphabet.indexOf(last) + 1);
        rejected(auth, p[0] + "." + p[1] + "." + nonCanonical, "its last character has unused bits set");
        // a padded header that is signed as it stands
        String paddedHeader = RsaJwts.signEncoded(b64(HEADER + " ") + "=", b64(claims("")), keys);
        rejected(auth, paddedHeader, "The token's header part is not base64url");
        rejected(auth, valid + ".", "The token is not a JWT (three base64url parts");
    }

    // ---- size, before decoding ----

    @Test
    void anOversizedTokenIsRejectedBeforeAnyDecoding() throws Exception {
        assertEquals(16384, JwksVerifier.MAX_TOKEN_CHARS);
        // a validly signed token of 16385 characters: refused on its length, the JWKS never fetched
        String big = tokenOfLength(16385);
        rejected(auth, big, "The token is 16385 characters long; at most 16384 are accepted, so it was not decoded.");
        // garbage of that length gets the same answer: it is never split or decoded
        rejected(auth, repeat('=', 40000), "The token is 40000 characters long");
        assertEquals(0, server.getRequestCount());

        serveJwks();
        assertEquals("the-blue-brand", auth.verify(tokenOfLength(16384)).organizationSlug());
    }

    /** A valid token of exactly {@code length} characters (spaces in the header, a run of x in a claim). */
    private String tokenOfLength(int length) throws Exception {
        for (int spaces = 0; spaces < 4; spaces++) {
            String header = HEADER.replace("{", "{" + repeat(' ', spaces));
            String base = RsaJwts.sign(header, claims(",\"pad\":\"\""), keys);
            int bytes = (length - base.length()) * 3 / 4;
            for (int i = Math.max(0, bytes - 4); i <= bytes + 4; i++) {
                String t = RsaJwts.sign(header, claims(",\"pad\":\"" + repeat('x', i) + "\""), keys);
                if (t.length() == length) {
                    return t;
                }
            }
        }
        throw new AssertionError("no token of " + length + " characters");
    }

    private static String repeat(char c, int n) {
        char[] x = new char[n];
        Arrays.fill(x, c);
        return new String(x);
    }

    // ---- the JWKS ----

    @Test
    void aJwksNamingTwoKeysWithOneKidIsRejected() throws Exception {
        String jwks = RsaJwts.jwks(keys, "key-1").replace("]}", "," + RsaJwts.jwks(otherKeys, "key-1")
                .replace("{\"keys\":[", ""));
        server.enqueue(json(200, jwks));
        // signed by the key listed last, which would win a "last one wins" map
        String token = RsaJwts.sign(HEADER, claims(""), otherKeys);
        InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> auth.verify(token));
        assertTrue(e.getMessage().contains("lists the key id 'key-1' for more than one RSA signing key; a key id must "
                + "name one key, so no key of this set is trusted"), e.getMessage());
        assertEquals(200, e.httpStatus());
    }

    @Test
    void aSharedKidAcrossKeyTypesOrAlgorithmsIsNotAmbiguous() throws Exception {
        String rs256 = RsaJwts.jwks(otherKeys, "key-1").replace("RS512", "RS256").replace("{\"keys\":[", "").replace("]}", "");
        String ec = "{\"kty\":\"EC\",\"kid\":\"key-1\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}";
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1").replace("]}", "," + rs256 + "," + ec + "]}")));
        assertEquals("the-blue-brand", auth.verify(token(claims(""))).organizationSlug());
    }

    @Test
    void aJwksLargerThan64KibIsRejectedBeforeParsing() throws Exception {
        assertEquals(64 * 1024, JwksVerifier.MAX_JWKS_BYTES);
        String jwks = RsaJwts.jwks(keys, "key-1");
        server.enqueue(json(200, jwks.replace("]}", "],\"pad\":\"" + repeat('x', 64 * 1024) + "\"}")));
        InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> auth.verify(token(claims(""))));
        assertTrue(e.getMessage().contains("is larger than 64 KiB; it was not parsed"), e.getMessage());
    }

    @Test
    void aJwksThatIsNotStrictJsonIsRejected() throws Exception {
        String jwks = RsaJwts.jwks(keys, "key-1");
        // (trailing data is already refused by the transport's body check)
        String[] bodies = {jwks.replace("]}", "]/* c */}"), jwks.replace("\"keys\"", "keys"),
            jwks.replace("]}", "],\"keys\":[]}")};
        String[] reasons = {"it is not strict JSON", "it is not strict JSON", "the member name 'keys' appears twice"};
        for (int i = 0; i < bodies.length; i++) {
            CommerceLayerAuth fresh = CommerceLayerAuth.builder().baseUrl(issuer).clock(fixedClock()).build();
            server.enqueue(json(200, bodies[i]));
            InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> fresh.verify(token(claims(""))));
            assertTrue(e.getMessage().contains("is not a JSON key set: " + reasons[i]), e.getMessage());
        }
    }
}
