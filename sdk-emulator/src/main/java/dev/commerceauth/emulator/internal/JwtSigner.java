package dev.commerceauth.emulator.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs and verifies RS256 / RS512 JWTs with an RSA key pair generated when the emulator starts,
 * using only the JCA ({@code SHA256withRSA}, {@code SHA512withRSA}).
 */
public final class JwtSigner {

    /** RSASSA-PKCS1-v1_5 with SHA-256, used by Keycloak and Shopware tokens. */
    public static final String RS256 = "RS256";
    /** RSASSA-PKCS1-v1_5 with SHA-512, used by Commerce Layer tokens. */
    public static final String RS512 = "RS512";

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
    public static JwtSigner generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new JwtSigner(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /**
     * The key id written into every JWT header and the JWKS.
     *
     * @return the key id (RFC 7638 thumbprint of the public key)
     */
    public String keyId() {
        return keyId;
    }

    /**
     * The public key.
     *
     * @return the RSA public key
     */
    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    /**
     * Signs claims into a compact JWT with header {@code {"alg":..,"typ":"JWT","kid":..}}.
     *
     * @param alg {@link #RS256} or {@link #RS512}
     * @param claims the payload
     * @return the compact JWT
     */
    public String sign(String alg, Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        header.put("kid", keyId);
        String signingInput = Base64Url.encode(Json.write(header)) + "." + Base64Url.encode(Json.write(claims));
        try {
            Signature signature = Signature.getInstance(jcaName(alg));
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64Url.encode(signature.sign());
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
    public Map<String, Object> verify(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Map<String, Object> header = Json.parseObject(new String(Base64Url.decode(parts[0]), StandardCharsets.UTF_8));
            Object alg = header.get("alg");
            if (!(RS256.equals(alg) || RS512.equals(alg)) || !keyId.equals(header.get("kid"))) {
                return null;
            }
            Signature signature = Signature.getInstance(jcaName((String) alg));
            signature.initVerify(keyPair.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64Url.decode(parts[2]))) {
                return null;
            }
            return Json.parseObject(new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }

    /**
     * The public key as a JWK (RFC 7517).
     *
     * @param alg the algorithm to advertise
     * @return {@code {kty, kid, use, alg, n, e}}
     */
    public Map<String, Object> jwk(String alg) {
        RSAPublicKey key = publicKey();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", keyId);
        jwk.put("use", "sig");
        jwk.put("alg", alg);
        jwk.put("n", Base64Url.encode(unsigned(key.getModulus())));
        jwk.put("e", Base64Url.encode(unsigned(key.getPublicExponent())));
        return jwk;
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

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    private static String computeKeyId(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + Base64Url.encode(unsigned(key.getPublicExponent()))
                + "\",\"kty\":\"RSA\",\"n\":\"" + Base64Url.encode(unsigned(key.getModulus())) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64Url.encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
