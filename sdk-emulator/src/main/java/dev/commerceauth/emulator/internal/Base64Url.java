package dev.commerceauth.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Base64url without padding (RFC 7515 section 2), as JWTs and JWKs use it.
 */
public final class Base64Url {

    private Base64Url() {
    }

    /**
     * Encodes bytes.
     *
     * @param bytes the bytes
     * @return base64url text without padding
     */
    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Encodes a string's UTF-8 bytes.
     *
     * @param text the text
     * @return base64url text without padding
     */
    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes base64url text, with or without padding.
     *
     * @param text the encoded text
     * @return the bytes
     * @throws IllegalArgumentException if the text is not base64url
     */
    public static byte[] decode(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}
