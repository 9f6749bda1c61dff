package dev.commerceauth.emulator.internal;

import com.google.gson.JsonParseException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs and verifies RS256 / RS512 JWTs with an RSA key pair generated when the emulator starts,
 * using only the JCA ({@code SHA256withRSA}, {@code SHA512withRSA}) and {@link Base64}'s URL alphabet
 * without padding (RFC 7515 section 2).
 */
final class JwtSigner {

    /** RSASSA-PKCS1-v1_5 with SHA-256, used by Keycloak and Shopware tokens. */
    static final String RS256 = "RS256";
    /** RSASSA-PKCS1-v1_5 with SHA-512, used by Commerce Layer tokens. */
    static final String RS512 = "RS512";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final KeyPair keyPair;
    private final String keyId;

    private JwtSigner(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.keyId = computeKeyId((RSAPublicKey) keyPair.getPublic());
    }

    /**
     * Generates a fresh RSA 2048 key pair.
     *
     * @return a signer holding the new key pair
     */
    static JwtSigner generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new JwtSigner(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** @return the key id in every JWT header and the JWKS (RFC 7638 thumbprint of the public key) */
    String keyId() {
        return keyId;
    }

    /** @return the RSA public key */
    RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    /**
     * Base64url without padding, as JWTs and JWKs use it.
     *
     * @param bytes the bytes
     * @return the encoded text
     */
    static String base64url(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    /**
     * Decodes one part of a compact JWT to the JSON object it holds.
     *
     * @param part a base64url part, with or without padding
     * @return the object's members
     * @throws IllegalArgumentException if the part is not base64url
     * @throws JsonParseException if it does not hold a JSON object
     */
    static Map<String, Object> decodeJsonPart(String part) {
        return JsonCodec.parseObject(new String(BASE64URL_DECODER.decode(part), StandardCharsets.UTF_8));
    }

    /**
     * Signs claims into a compact JWT with header {@code {"alg":..,"typ":"JWT","kid":..}}.
     *
     * @param alg {@link #RS256} or {@link #RS512}
     * @param claims the payload
     * @return the compact JWT
     */
    String sign(String alg, Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        header.put("kid", keyId);
        String signingInput = encodeJsonPart(header) + "." + encodeJsonPart(claims);
        try {
            Signature signature = Signature.getInstance(jcaName(alg));
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign JWT", e);
        }
    }

    /**
     * Verifies a JWT signed by this signer and returns its claims. Expiry is not checked here.
     *
     * @param token the compact JWT
     * @return the claims, or {@code null} if the token is malformed, has another key id or algorithm,
     *         or its signature does not verify
     */
    Map<String, Object> verify(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Map<String, Object> header = decodeJsonPart(parts[0]);
            Object alg = header.get("alg");
            if (!(RS256.equals(alg) || RS512.equals(alg)) || !keyId.equals(header.get("kid"))) {
                return null;
            }
            Signature signature = Signature.getInstance(jcaName((String) alg));
            signature.initVerify(keyPair.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(BASE64URL_DECODER.decode(parts[2]))) {
                return null;
            }
            return decodeJsonPart(parts[1]);
        } catch (IllegalArgumentException | JsonParseException | GeneralSecurityException e) {
            return null;
        }
    }

    /**
     * The public key as a JWK (RFC 7517).
     *
     * @param alg the algorithm to advertise
     * @return {@code {kty, kid, use, alg, n, e}}
     */
    Map<String, Object> jwk(String alg) {
        RSAPublicKey key = publicKey();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", keyId);
        jwk.put("use", "sig");
        jwk.put("alg", alg);
        jwk.put("n", base64url(unsigned(key.getModulus())));
        jwk.put("e", base64url(unsigned(key.getPublicExponent())));
        return jwk;
    }

    private static String encodeJsonPart(Map<String, Object> members) {
        return base64url(JsonCodec.write(members).getBytes(StandardCharsets.UTF_8));
    }

    private static String jcaName(String alg) {
        if (RS256.equals(alg)) {
            return "SHA256withRSA";
        }
        if (RS512.equals(alg)) {
            return "SHA512withRSA";
        }
        throw new IllegalArgumentException("unsupported alg " + alg);
    }

    /** The big-endian magnitude without the sign byte {@link BigInteger#toByteArray()} may add (RFC 7518 section 6.3.1). */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** The RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, no whitespace. */
    private static String computeKeyId(RSAPublicKey key) {
        Map<String, Object> required = new LinkedHashMap<>();
        required.put("e", base64url(unsigned(key.getPublicExponent())));
        required.put("kty", "RSA");
        required.put("n", base64url(unsigned(key.getModulus())));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return base64url(sha256.digest(JsonCodec.write(required).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
