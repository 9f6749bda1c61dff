package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: decoding a token only to read it (its {@code exp}) no longer decodes its signature or
 * copies its signing input up front, and the canonical-encoding check looks at the last
 * character's unused bits instead of encoding the bytes again. Same answers as before.
 */
class JwtReadOnlyDecodeTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCanonicalCheckAgreesWithEncodingAgainForEveryLastCharacter() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Random random = new Random(15);
        for (int length = 1; length <= 9; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String canonical = B64.encodeToString(bytes);
            String prefix = canonical.substring(0, canonical.length() - 1);
            for (char last : alphabet.toCharArray()) {
                String part = prefix + last;
                boolean reEncodes = B64.encodeToString(Base64.getUrlDecoder().decode(part)).equals(part);
                assertEquals(reEncodes, Jwt.canonicalEnd(part), part);
            }
        }
    }

    @Test
    void aTokenOnlyReadGivesTheSameSigningInputAndSignatureAsAStrictParse() {
        String signingInput = part("{\"alg\":\"RS256\",\"kid\":\"k1\"}") + "." + part("{\"exp\":1700000000,\"sub\":\"s\"}");
        String token = signingInput + "." + B64.encodeToString(new byte[] {1, 2, 3, 4, 5});
        Jwt read = Jwt.decodeOrNull(token);
        Jwt parsed = Jwt.parse(token);
        assertEquals(Long.valueOf(1700000000L), read.longClaim("exp"));
        assertArrayEquals(parsed.signingInput(), read.signingInput());
        assertArrayEquals(signingInput.getBytes(StandardCharsets.US_ASCII), read.signingInput());
        assertArrayEquals(parsed.signature(), read.signature());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, read.signature());
    }

    @Test
    void aSignaturePartThatIsNotBase64urlReadsAsEmptyAndDotsStillCount() {
        String head = part("{\"alg\":\"none\"}") + "." + part("{\"exp\":1}");
        assertArrayEquals(new byte[0], Jwt.decodeOrNull(head + ".not*base64").signature());
        assertArrayEquals(new byte[0], Jwt.decodeOrNull(head + ".").signature());
        assertNull(Jwt.decodeOrNull(head));
        assertNull(Jwt.decodeOrNull(head + ".sig.more"));
        assertNull(Jwt.decodeOrNull("." + head));
    }
}
