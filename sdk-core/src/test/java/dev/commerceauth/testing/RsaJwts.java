package dev.commerceauth.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** RS512-signed JWTs and the JWKS that verifies them, for tests that play the token issuer. */
public final class RsaJwts {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private RsaJwts() {
    }

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** A JWKS document publishing {@code keys}' public key once under each of {@code kids}. */
    public static String jwks(KeyPair keys, String... kids) {
        StringBuilder b = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < kids.length; i++) {
            b.append(i == 0 ? "" : ",").append(jwk(keys, kids[i]));
        }
        return b.append("]}").toString();
    }

    private static String jwk(KeyPair keys, String kid) {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"RS512\",\"n\":\""
                + B64.encodeToString(unsigned(pub.getModulus().toByteArray())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(pub.getPublicExponent().toByteArray())) + "\"}";
    }

    /** A compact JWS of {@code headerJson}.{@code payloadJson}, signed with SHA512withRSA by {@code pair}. */
    public static String sign(String headerJson, String payloadJson, KeyPair pair) throws Exception {
        return signEncoded(B64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)),
                B64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)), pair);
    }

    /**
     * A compact JWS of two parts taken exactly as given (already encoded, possibly wrongly), signed
     * with SHA512withRSA by {@code pair}: for tokens whose only fault is their encoding.
     */
    public static String signEncoded(String encodedHeader, String encodedPayload, KeyPair pair) throws Exception {
        String input = encodedHeader + "." + encodedPayload;
        Signature s = Signature.getInstance("SHA512withRSA");
        s.initSign(pair.getPrivate());
        s.update(input.getBytes(StandardCharsets.UTF_8));
        return input + "." + B64.encodeToString(s.sign());
    }

    /** Base64url without padding, as JWTs use it. */
    public static String base64Url(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
