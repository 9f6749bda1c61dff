package dev.commerceauth.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret string: a client secret, a password, a refresh token, an authorization code or an
 * assertion. Its {@link #toString()} never reveals the value, and it only holds printable ASCII, so
 * it can never smuggle CR/LF into an HTTP header (OkHttp 3.14.9 would echo a bad header value in an
 * exception message, CVE-2023-0833).
 *
 * <p>Instances are immutable and thread-safe. Two secrets are equal when their values are equal;
 * the comparison runs in constant time.
 */
public final class Secret {

    private static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @param value the secret; printable ASCII only (no CR, LF, tab or other control characters,
     *     no non-ASCII characters), not empty
     * @return the secret
     * @throws IllegalArgumentException if the value is null, empty or contains a forbidden
     *     character; the message names the problem, never the value
     */
    public static Secret of(String value) {
        return of(value, "secret");
    }

    /**
     * Wraps a secret value; the {@code name} is used in validation messages.
     *
     * @param value the secret
     * @param name what the secret is, for example {@code "clientSecret"}
     * @return the secret
     */
    static Secret of(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException(
                        name + " must not contain CR or LF characters (position " + i + ")");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(
                        name + " must not contain control characters (position " + i + ")");
            }
            if (c > 0x7e) {
                throw new IllegalArgumentException(
                        name + " must contain ASCII characters only (non-ASCII character at position " + i + ")");
            }
        }
        return new Secret(value);
    }

    /**
     * Returns the secret value. Only pass it to the wire; never log it.
     *
     * @return the secret value
     */
    public String reveal() {
        return value;
    }

    /**
     * Compares the values in constant time.
     *
     * @param o the other object
     * @return whether {@code o} is a secret with the same value
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Secret)) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII),
                ((Secret) o).value.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Returns a hash code of the value.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(value.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Returns a mask, never the value.
     *
     * @return {@code "****"}
     */
    @Override
    public String toString() {
        return MASK;
    }
}
