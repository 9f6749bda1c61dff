package dev.commerceauth.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random and derived identifiers, and constant-time comparison.
 */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUM =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    /**
     * Random bytes as base64url without padding.
     *
     * @param bytes how many random bytes
     * @return the encoded text
     */
    static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Random bytes as lower-case hex.
     *
     * @param bytes how many random bytes
     * @return the hex text
     */
    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return hex(b);
    }

    /**
     * A stable 10-character alphanumeric id derived from a seed (like Commerce Layer's ids).
     *
     * @param seed the seed
     * @return the id
     */
    static String derived(String seed) {
        byte[] digest = sha256(seed);
        StringBuilder out = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            out.append(ALPHANUM[(digest[i] & 0xff) % ALPHANUM.length]);
        }
        return out.toString();
    }

    /**
     * A stable 32-character hex id derived from a seed (like Shopware's ids).
     *
     * @param seed the seed
     * @return the id
     */
    static String derivedHex(String seed) {
        byte[] digest = sha256(seed);
        byte[] half = new byte[16];
        System.arraycopy(digest, 0, half, 0, 16);
        return hex(half);
    }

    /**
     * Compares two strings without leaking where they differ.
     *
     * @param a one string
     * @param b the other string
     * @return whether they are equal
     */
    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
