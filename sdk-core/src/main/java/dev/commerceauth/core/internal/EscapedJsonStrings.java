package dev.commerceauth.core.internal;

import com.google.gson.JsonElement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal: masks the secrets of a {@link Redactor} inside JSON strings that a JSON encoder
 * escaped, however it escaped them (HTML-safe encoders such as Symfony's, Rails' or Gson's write
 * {@code & < > ' " =} as <code>&#92;u0026</code>-style escapes). Such strings are compared decoded
 * and re-written decoded with the secret masked, escaped again only where JSON must.
 */
final class EscapedJsonStrings {

    /**
     * Any JSON string (group 2 is its content, groups 1 and 3 its quotes). Compiled when the first
     * text is redacted rather than when the SDK loads.
     */
    static final Pattern JSON_STRINGS = Pattern.compile("(\")((?:[^\"\\\\]|\\\\.)*)(\")");

    private EscapedJsonStrings() {
    }

    /**
     * Re-writes every JSON string that contains an escape and, decoded, a secret: decoded, with the
     * secret masked (the whole string if it is a whole secret), escaped again only where JSON must.
     *
     * @param text the text
     * @param f the secrets in their forms
     * @return the text with those strings re-written
     */
    static String mask(String text, SecretForms f) {
        Matcher m = JSON_STRINGS.matcher(text);
        StringBuffer b = new StringBuffer();
        while (m.find()) {
            String replacement = m.group();
            String content = m.group(2);
            String decoded = content.indexOf('\\') >= 0 ? decoded(content) : null;
            if (decoded != null) {
                String masked = decoded;
                if (f.wholeValues.contains(decoded)) {
                    masked = Redactor.MASK;
                } else {
                    for (String s : f.raw) {
                        masked = masked.replace(s, Redactor.MASK);
                    }
                }
                if (!masked.equals(decoded)) {
                    replacement = '"' + escapedMinimally(masked) + '"';
                }
            }
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The content of a JSON string decoded (by the SDK's JSON parser), or null if it is malformed. */
    private static String decoded(String content) {
        JsonElement e = Json.parseOrNull('"' + content + '"');
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** Text as the content of a JSON string: only {@code "}, the backslash and controls escaped. */
    private static String escapedMinimally(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
