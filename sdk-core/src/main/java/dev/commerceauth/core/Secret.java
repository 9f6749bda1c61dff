package dev.commerceauth.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret string: a client secret, a password, a refresh token, an authorization code or an
 * assertion. Its {@link #toString()} never reveals the value, and it never holds CR, LF or other
 * control characters, so it can never smuggle a line break into an HTTP header or body (OkHttp
 * 3.14.9 would echo a bad header value in an exception message, CVE-2023-0833).
 *
 * <p>Two factories, two character sets:
 * <ul>
 *   <li>{@link #of(String)}: printable ASCII only. For every value that may travel in an HTTP
 *       header (client secrets, which sellytics sends with HTTP Basic) or that is ASCII by nature
 *       (tokens, codes, assertions).</li>
 *   <li>{@link #ofPassword(String)}: also non-ASCII letters, for a user's password, which only
 *       ever travels in a request body (Shopware admin users, Commerce Layer customers), for
 *       example {@code "Passwört"}.</li>
 * </ul>
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
     * Wraps a user's password, which only ever travels in a request body: unlike
     * {@link #of(String)} it accepts non-ASCII letters ({@code "Passwört"}, {@code "contraseña"}).
     * The value is kept as given (no Unicode normalization). A password made this way cannot be
     * used where a header needs ASCII: sellytics' {@code ClientAuthentication.BASIC} refuses a
     * non-ASCII client secret with a clear message.
     *
     * @param password the password; not empty, no CR, LF, tab or other control characters (C0, DEL,
     *     C1), no Unicode line or paragraph separators, no unpaired surrogates
     * @return the secret
     * @throws IllegalArgumentException if the value is null, empty or contains a forbidden
     *     character; the message names the problem, never the value
     */
    public static Secret ofPassword(String password) {
        return ofPassword(password, "password");
    }

    /**
     * Wraps a secret value that must be printable ASCII; the {@code name} is used in validation
     * messages.
     *
     * @param value the secret
     * @param name what the secret is, for example {@code "clientSecret"}
     * @return the secret
     */
    static Secret of(String value, String name) {
        checkLines(value, name);
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7e) {
                throw new IllegalArgumentException(
                        name + " must contain ASCII characters only (non-ASCII character at position " + i + ")");
            }
        }
        return new Secret(value);
    }

    /**
     * Wraps a password that may hold non-ASCII letters; the {@code name} is used in validation
     * messages.
     *
     * @param value the password
     * @param name what the secret is, for example {@code "password"}
     * @return the secret
     */
    static Secret ofPassword(String value, String name) {
        checkLines(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        name + " must not contain control characters (position " + i + ")");
            }
            if (c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(
                        name + " must not contain line or paragraph separators (position " + i + ")");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        name + " must not contain unpaired surrogate characters (position " + i + ")");
            }
        }
        return new Secret(value);
    }

    /** The rules of both factories: not null, not empty, no CR, LF or C0/DEL control character. */
    private static void checkLines(String value, String name) {
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
        }
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
                value.getBytes(StandardCharsets.UTF_8),
                ((Secret) o).value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a hash code of the value.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(value.getBytes(StandardCharsets.UTF_8));
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
