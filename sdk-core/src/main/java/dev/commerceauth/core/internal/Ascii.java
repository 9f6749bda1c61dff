package dev.commerceauth.core.internal;

/**
 * Internal: the character-class checks of scopes and token responses, as plain loops. They run on
 * every token answer and while a program builds its first grant, where a regular expression would
 * cost its compilation and an interpreted match in a fresh JVM. Not part of the public API.
 */
public final class Ascii {

    private Ascii() {
    }

    /**
     * Whether {@code s} is 1 to {@code maxLength} characters of visible ASCII ({@code !} to
     * {@code ~}: no space, no control or non-ASCII character).
     *
     * @param s the text, not null
     * @param maxLength the longest length accepted
     * @return whether it is
     */
    public static boolean isVisible(String s, int maxLength) {
        int n = s.length();
        return n > 0 && n <= maxLength && hasOnlyVisible(s);
    }

    /**
     * Whether every character of {@code s} is visible ASCII ({@code !} to {@code ~}); true for the
     * empty string. What a header value, a host name or a bearer token may consist of.
     *
     * @param s the text, not null
     * @return whether it is
     */
    public static boolean hasOnlyVisible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is 1 to {@code maxLength} characters, each an ASCII letter, a digit or one
     * of {@code others}.
     *
     * @param s the text, not null
     * @param others the further characters allowed, for example {@code "_-"}
     * @param maxLength the longest length accepted
     * @return whether it is
     */
    public static boolean isAlphanumeric(String s, String others, int maxLength) {
        int n = s.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isLetterOrDigit(c) && others.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is an RFC 6750 {@code b64token}, what may follow {@code Bearer } in an
     * {@code Authorization} header: at least one letter, digit or {@code -._~+/}, then any number
     * of {@code =}.
     *
     * @param s the text, not null
     * @return whether it is
     */
    public static boolean isB64Token(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= B64_TOKEN.length || !B64_TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    /** The characters of a {@code b64token} before its {@code =}: a table, since tokens are a KB long. */
    private static final boolean[] B64_TOKEN = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            B64_TOKEN[c] = isLetterOrDigit(c) || "-._~+/".indexOf(c) >= 0;
        }
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
