package dev.commerceauth.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal: finds and masks the base64 texts in a server's text that encode a secret of a
 * {@link Redactor}: an echoed HTTP Basic header ({@code Basic base64(id:secret)}, also of
 * {@code urlencode(id):urlencode(secret)} as RFC 6749, section 2.3.1 prescribes), the base64 of the
 * secret alone or of a whole request body; in the standard and the URL-safe alphabet, with or
 * without padding, and with {@code /} written {@code \/} by a JSON encoder.
 *
 * <p>A run of base64 characters is masked whole when it contains the base64 characters that encode
 * a secret of at least {@value Redactor#MIN_FREE_TEXT_LENGTH} characters (or one of its
 * {@link SecretForms forms}) wherever it sits in the encoded bytes, or when it decodes to a known
 * secret of any length as a whole value, or to {@code user:password} with a known secret as the
 * password (a Basic header of a short secret).
 */
final class Base64Echoes {

    /**
     * A run of base64 characters (either alphabet; {@code /} possibly JSON-escaped as
     * {@code \/}), with its padding as is, JSON-escaped or percent-encoded. Compiled when the first
     * text is redacted rather than when the SDK loads.
     */
    private static final Pattern BASE64_RUNS = Pattern.compile(
            "(?:[A-Za-z0-9+_\\-]|\\\\?/)+(?:=|\\\\u003[dD]|%3[dD])*");

    /** Padding at the end of a base64 run, as is, JSON-escaped or percent-encoded. */
    private static final Pattern BASE64_PADDING = Pattern.compile("(?:=|\\\\u003[dD]|%3[dD])+$");

    /** The longest run decoded to compare it whole with the short secrets. */
    private static final int MAX_DECODED_RUN = 1024;

    private Base64Echoes() {
    }

    /**
     * Masks every base64 run that encodes a secret.
     *
     * @param text the text
     * @param f the secrets in their forms
     * @return the text with each such run replaced by {@link Redactor#MASK}
     */
    static String mask(String text, SecretForms f) {
        if (f.base64Cores.isEmpty() && !f.hasShortSecret) {
            return text;
        }
        Matcher m = BASE64_RUNS.matcher(text);
        StringBuffer b = new StringBuffer();
        while (m.find()) {
            String run = BASE64_PADDING.matcher(m.group().replace("\\/", "/")).replaceFirst("");
            m.appendReplacement(b, Matcher.quoteReplacement(encodesSecret(run, f) ? Redactor.MASK : m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Whether an unpadded base64 run encodes a secret. */
    private static boolean encodesSecret(String run, SecretForms f) {
        for (String core : f.base64Cores) {
            if (run.contains(core)) {
                return true;
            }
        }
        if (!f.hasShortSecret || run.length() < 2 || run.length() > MAX_DECODED_RUN) {
            return false;
        }
        String decoded = decoded(run);
        if (decoded == null) {
            return false;
        }
        if (f.wholeValues.contains(decoded)) {
            return true;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String password = decoded.substring(colon + 1);
        return f.wholeValues.contains(password) || f.wholeValues.contains(SecretForms.formDecoded(password));
    }

    /** An unpadded base64 text decoded as UTF-8, in the alphabet its characters say, or null. */
    private static String decoded(String run) {
        boolean urlSafe = run.indexOf('-') >= 0 || run.indexOf('_') >= 0;
        if (run.length() % 4 == 1 || (urlSafe && (run.indexOf('+') >= 0 || run.indexOf('/') >= 0))) {
            return null;
        }
        try {
            byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(run);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
