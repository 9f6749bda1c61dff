package dev.commerceauth.core.internal;

/**
 * Internal: masks tokens for logs and {@code toString()}. Not part of the public API.
 */
public final class Masking {

    /** Tokens shorter than this are masked completely. */
    static final int MIN_PARTIAL = 16;

    private Masking() {
    }

    /**
     * Masks a token: the first 4 and last 4 characters around an ellipsis ({@code eyJh…A9Xz}),
     * or {@code ****} if the token is shorter than 16 characters.
     *
     * @param token the token, may be null
     * @return the masked token
     */
    public static String mask(String token) {
        if (token == null) {
            return "null";
        }
        if (token.length() < MIN_PARTIAL) {
            return "****";
        }
        return token.substring(0, 4) + "\u2026" + token.substring(token.length() - 4);
    }
}
