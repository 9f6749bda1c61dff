package dev.commerceauth.core.internal;

import com.google.gson.JsonElement;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal: removes secrets from text that came from a server (error bodies, descriptions, a
 * redirect's {@code Location}) before it reaches an exception or a log.
 *
 * <p>What is removed:
 * <ul>
 *   <li>every known secret value of the request of at least {@value #MIN_FREE_TEXT_LENGTH}
 *       characters wherever it occurs, as is, in the forms a JSON encoder may echo it in, and in
 *       the forms a form ({@code application/x-www-form-urlencoded}) encoder may echo it in
 *       ({@code +} or {@code %20} for a space, upper- or lower-case hex);</li>
 *   <li>the values of JSON members that carry secrets or tokens ({@code access_token},
 *       {@code refresh_token}, {@code id_token}, {@code client_secret}, {@code password},
 *       {@code assertion}, {@code client_assertion}, {@code token}), whatever their value;</li>
 *   <li>the values of form members that carry secrets or tokens ({@code client_secret},
 *       {@code password}, {@code refresh_token}, {@code access_token}, {@code id_token},
 *       {@code assertion}, {@code client_assertion}, {@code code}, {@code token}), for example
 *       echoed in an HTML error page of a proxy or firewall, whatever their value;</li>
 *   <li>a known secret value of any length (even one character) when it is a whole value: the
 *       whole text, a whole JSON string, or a whole form member value (decoded);</li>
 *   <li>a known secret inside a JSON string that any JSON encoder escaped, however it escaped it
 *       (HTML-safe encoders such as Symfony's, Rails' or Gson's write {@code & < > ' " =} as
 *       <code>&#92;u0026</code>-style escapes): such strings are compared decoded, and re-written decoded
 *       with the secret masked;</li>
 *   <li>every base64 text that encodes a known secret of at least {@value #MIN_FREE_TEXT_LENGTH}
 *       characters (as is or in the forms above), wherever in the encoded bytes it sits: an echoed
 *       HTTP Basic header ({@code Basic base64(id:secret)}, also of
 *       {@code urlencode(id):urlencode(secret)} as RFC 6749, section 2.3.1 prescribes), the base64
 *       of the secret alone or of a whole request body; in the standard and the URL-safe alphabet,
 *       with or without padding, and with {@code /} written {@code \/} by a JSON encoder. The whole
 *       base64 text is masked, not only the part that encodes the secret;</li>
 *   <li>a base64 text that decodes to a known secret of any length as a whole value, or to
 *       {@code user:password} with a known secret as the password (a Basic header of a short
 *       secret).</li>
 * </ul>
 * A known secret shorter than {@value #MIN_FREE_TEXT_LENGTH} characters is <em>not</em> removed
 * where it is only part of a longer free text: masking one to three characters everywhere would
 * garble every message (and the positions of the masks would reveal the secret). Such secrets are
 * unsafe anyway; the rule is documented rather than hidden.
 */
public final class Redactor {

    /** What replaces a redacted value. */
    public static final String MASK = "****";

    /** The shortest secret removed from inside free text. */
    public static final int MIN_FREE_TEXT_LENGTH = 4;

    /** Longest server text kept in an exception. */
    static final int MAX_KEPT = 8192;

    /** The secret values as given: encoded forms and patterns are only prepared to redact. */
    private final List<String> values;

    /**
     * The forms of {@link #values}, prepared by the first {@link #redact}: most requests succeed,
     * and then nothing is redacted. Racy on purpose: {@link Forms} has only final fields, so a
     * thread sees either null (and prepares its own, equal copy) or a complete instance.
     */
    private Forms forms;

    /**
     * Creates a redactor for the given secret values. Each value is also removed in the forms a
     * server's JSON encoder may echo it in (non-ASCII characters as JSON unicode escapes, PHP's
     * default, so Shopware's; {@code /}, {@code "} and the backslash backslash-escaped) and in the
     * forms a form encoder may echo it in.
     *
     * @param secrets the secret values of the request; nulls and empty values are ignored; values
     *     shorter than {@value #MIN_FREE_TEXT_LENGTH} characters are only removed as whole values
     */
    public Redactor(Collection<String> secrets) {
        this.values = new ArrayList<>(secrets);
    }

    /** The patterns, compiled when the first text is redacted rather than when the class loads. */
    private static final class Patterns {
        static final Pattern SECRET_MEMBERS = Pattern.compile(
                "(\"(?:access_token|refresh_token|id_token|client_secret|password|assertion|client_assertion|token)\""
                        + "\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");

        /** A form member that carries a secret: its name and its value, up to a delimiter. */
        static final Pattern SECRET_FORM_MEMBERS = Pattern.compile(
                "(?<![A-Za-z0-9_.\\-])((?:client_secret|password|refresh_token|access_token|id_token|assertion"
                        + "|client_assertion|code|token)=)([^&\\s\"'<\\\\]*)",
                Pattern.CASE_INSENSITIVE);

        /** Any form member, to compare its whole value with the secrets. */
        static final Pattern FORM_MEMBERS = Pattern.compile(
                "(?<![A-Za-z0-9_.\\-])([A-Za-z0-9_.\\-]+=)([^&\\s\"'<\\\\]+)");

        /**
         * A run of base64 characters (either alphabet; {@code /} possibly JSON-escaped as
         * {@code \/}), with its padding as is, JSON-escaped or percent-encoded.
         */
        static final Pattern BASE64_RUNS = Pattern.compile(
                "(?:[A-Za-z0-9+_\\-]|\\\\?/)+(?:=|\\\\u003[dD]|%3[dD])*");

        /** Padding at the end of a base64 run, as is, JSON-escaped or percent-encoded. */
        static final Pattern BASE64_PADDING = Pattern.compile("(?:=|\\\\u003[dD]|%3[dD])+$");

        /** Any JSON string, to compare its whole content with the secrets. */
        static final Pattern JSON_STRINGS = Pattern.compile("(\")((?:[^\"\\\\]|\\\\.)*)(\")");

        private Patterns() {
        }
    }

    /** The secrets of a redactor in every form they are removed in. */
    private static final class Forms {
        /** Secrets and their encoded forms removed anywhere, longest first. */
        final List<String> anywhere;
        /** Every secret (any length) and its encoded forms, removed where it is a whole value. */
        final Set<String> wholeValues;
        /** The secrets as given of at least the free-text length, longest first: for decoded text. */
        final List<String> raw;
        /**
         * What a base64 text that encodes a secret of at least the free-text length (or one of its
         * forms) contains wherever the secret sits in the encoded bytes, in both alphabets.
         */
        final List<String> base64Cores;
        /** Whether a secret is shorter than the free-text length (only found as a whole value). */
        final boolean hasShortSecret;

        Forms(List<String> values) {
            Set<String> forms = new LinkedHashSet<>();
            Set<String> whole = new HashSet<>();
            for (String s : values) {
                if (s == null || s.isEmpty()) {
                    continue;
                }
                Set<String> variants = variants(s);
                whole.addAll(variants);
                if (s.length() >= MIN_FREE_TEXT_LENGTH) {
                    forms.addAll(variants);
                }
            }
            this.anywhere = longestFirst(forms);
            this.wholeValues = Collections.unmodifiableSet(whole);
            Set<String> plain = new LinkedHashSet<>();
            for (String s : values) {
                if (s != null && s.length() >= MIN_FREE_TEXT_LENGTH) {
                    plain.add(s);
                }
            }
            this.raw = longestFirst(plain);
            Set<String> cores = new LinkedHashSet<>();
            for (String form : forms) {
                byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
                for (int offset = 0; offset < 3; offset++) {
                    cores.add(base64Core(bytes, offset, Base64.getEncoder()));
                    cores.add(base64Core(bytes, offset, Base64.getUrlEncoder()));
                }
            }
            cores.remove("");
            this.base64Cores = longestFirst(cores);
            boolean hasShort = false;
            for (String s : values) {
                hasShort |= s != null && !s.isEmpty() && s.length() < MIN_FREE_TEXT_LENGTH;
            }
            this.hasShortSecret = hasShort;
        }

        /** Longest first, so that a secret containing another one is removed whole. */
        private static List<String> longestFirst(Set<String> values) {
            List<String> list = new ArrayList<>(values);
            list.sort((a, b) -> b.length() - a.length());
            return Collections.unmodifiableList(list);
        }
    }

    /**
     * The base64 characters that encode {@code bytes} alone when they start {@code offset} bytes
     * (0 to 2) after a multiple of three bytes in a longer text: every character whose six bits all
     * come from {@code bytes}, whatever bytes come before and after.
     */
    static String base64Core(byte[] bytes, int offset, Base64.Encoder encoder) {
        byte[] shifted = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, shifted, offset, bytes.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int first = (8 * offset + 5) / 6;
        int end = 8 * (offset + bytes.length) / 6;
        return first >= end ? "" : encoded.substring(first, end);
    }

    /** The value and the forms a JSON or form encoder may echo it in. */
    private static Set<String> variants(String s) {
        Set<String> v = new LinkedHashSet<>();
        v.add(s);
        v.add(jsonEscaped(s, "\\u%04x"));
        v.add(jsonEscaped(s, "\\u%04X"));
        for (boolean plus : new boolean[] {true, false}) {
            for (boolean lower : new boolean[] {true, false}) {
                for (boolean rfc3986 : new boolean[] {true, false}) {
                    v.add(formEncoded(s, plus, lower, rfc3986));
                }
            }
        }
        return v;
    }

    /**
     * The value as a form encoder writes it: UTF-8, unreserved characters as is, a space as
     * {@code +} or {@code %20}, everything else percent-encoded in upper- or lower-case hex.
     * {@code rfc3986} keeps {@code ~} (RFC 3986) instead of {@code *} ({@link java.net.URLEncoder}).
     */
    private static String formEncoded(String s, boolean spaceAsPlus, boolean lowerHex, boolean rfc3986) {
        StringBuilder b = new StringBuilder(s.length() * 3);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || (rfc3986 ? c == '~' : c == '*')) {
                b.append((char) c);
            } else if (c == ' ' && spaceAsPlus) {
                b.append('+');
            } else {
                b.append(String.format(lowerHex ? "%%%02x" : "%%%02X", c));
            }
        }
        return b.toString();
    }

    /** The value as a JSON encoder that escapes everything it may escape writes it. */
    private static String jsonEscaped(String s, String unicodeFormat) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '/') {
                b.append('\\').append(c);
            } else if (c > 0x7e) {
                b.append(String.format(unicodeFormat, (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A redactor for the given secret values.
     *
     * @param secrets the secret values; nulls are ignored
     * @return the redactor
     */
    public static Redactor of(String... secrets) {
        return new Redactor(java.util.Arrays.asList(secrets));
    }

    /**
     * A redactor for every secret of a grant: client secret, password, refresh token, code,
     * assertion.
     *
     * @param grant the grant
     * @param more further secret values, for example a token being revoked
     * @return the redactor
     */
    public static Redactor forGrant(dev.commerceauth.core.Grant grant, String... more) {
        List<String> all = new ArrayList<>(java.util.Arrays.asList(more));
        if (grant.clientSecret().isPresent()) {
            all.add(grant.clientSecret().get().reveal());
        }
        if (grant instanceof dev.commerceauth.core.PasswordGrant) {
            all.add(((dev.commerceauth.core.PasswordGrant) grant).password().reveal());
        } else if (grant instanceof dev.commerceauth.core.RefreshTokenGrant) {
            all.add(((dev.commerceauth.core.RefreshTokenGrant) grant).refreshToken().reveal());
        } else if (grant instanceof dev.commerceauth.core.AuthorizationCodeGrant) {
            all.add(((dev.commerceauth.core.AuthorizationCodeGrant) grant).code().reveal());
        } else if (grant instanceof dev.commerceauth.core.JwtBearerGrant) {
            all.add(((dev.commerceauth.core.JwtBearerGrant) grant).assertion().reveal());
        }
        return new Redactor(all);
    }

    /**
     * A redactor that only masks secret JSON members.
     *
     * @return the redactor
     */
    public static Redactor none() {
        return new Redactor(Collections.<String>emptyList());
    }

    /** Replaces group 2 of every match whose value passes the test by the mask. */
    private static String replaceGroup(Pattern pattern, String text, Predicate<String> test) {
        Matcher m = pattern.matcher(text);
        StringBuffer b = new StringBuffer();
        while (m.find()) {
            String replacement = test.test(m.group(2))
                    ? m.group(1) + MASK + (m.groupCount() >= 3 ? m.group(3) : "")
                    : m.group();
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * Re-writes every JSON string that contains an escape and, decoded, a secret: decoded, with the
     * secret masked (the whole string if it is a whole secret), escaped again only where JSON must.
     */
    private static String maskEscapedJsonStrings(String text, Forms f) {
        Matcher m = Patterns.JSON_STRINGS.matcher(text);
        StringBuffer b = new StringBuffer();
        while (m.find()) {
            String replacement = m.group();
            String content = m.group(2);
            String decoded = content.indexOf('\\') >= 0 ? jsonDecoded(content) : null;
            if (decoded != null) {
                String masked = decoded;
                if (f.wholeValues.contains(decoded)) {
                    masked = MASK;
                } else {
                    for (String s : f.raw) {
                        masked = masked.replace(s, MASK);
                    }
                }
                if (!masked.equals(decoded)) {
                    replacement = '"' + jsonEscapedMinimally(masked) + '"';
                }
            }
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The content of a JSON string decoded (by the SDK's JSON parser), or null if it is malformed. */
    private static String jsonDecoded(String content) {
        JsonElement e = Json.parseOrNull('"' + content + '"');
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** Text as the content of a JSON string: only {@code "}, the backslash and controls escaped. */
    private static String jsonEscapedMinimally(String s) {
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

    /** Masks every base64 run that encodes a secret (see the class comment). */
    private static String maskBase64(String text, Forms f) {
        if (f.base64Cores.isEmpty() && !f.hasShortSecret) {
            return text;
        }
        Matcher m = Patterns.BASE64_RUNS.matcher(text);
        StringBuffer b = new StringBuffer();
        while (m.find()) {
            String run = Patterns.BASE64_PADDING.matcher(m.group().replace("\\/", "/")).replaceFirst("");
            m.appendReplacement(b, Matcher.quoteReplacement(encodesSecret(run, f) ? MASK : m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Whether an unpadded base64 run encodes a secret. */
    private static boolean encodesSecret(String run, Forms f) {
        for (String core : f.base64Cores) {
            if (run.contains(core)) {
                return true;
            }
        }
        if (!f.hasShortSecret || run.length() < 2 || run.length() > 1024) {
            return false;
        }
        String decoded = base64Decoded(run);
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
        return f.wholeValues.contains(password) || f.wholeValues.contains(formDecoded(password));
    }

    /** An unpadded base64 text decoded as UTF-8, in the alphabet its characters say, or null. */
    private static String base64Decoded(String run) {
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

    /** A form value decoded ({@code +} as a space), or the value itself if it is malformed. */
    private static String formDecoded(String value) {
        try {
            return URLDecoder.decode(value, "UTF-8");
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            return value;
        }
    }

    /**
     * Redacts a text and caps it at 8 KiB.
     *
     * @param text the text, may be null
     * @return the redacted text, null for null
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        Forms f = forms;
        if (f == null) {
            f = new Forms(values);
            forms = f;
        }
        Set<String> wholeValues = f.wholeValues;
        if (wholeValues.contains(text)) {
            return MASK;
        }
        String out = maskBase64(text, f);
        for (String s : f.anywhere) {
            out = out.replace(s, MASK);
        }
        out = replaceGroup(Patterns.SECRET_MEMBERS, out, v -> true);
        out = replaceGroup(Patterns.SECRET_FORM_MEMBERS, out, v -> !v.isEmpty());
        if (!wholeValues.isEmpty()) {
            out = maskEscapedJsonStrings(out, f);
            out = replaceGroup(Patterns.JSON_STRINGS, out, wholeValues::contains);
            out = replaceGroup(Patterns.FORM_MEMBERS, out,
                    v -> wholeValues.contains(v) || wholeValues.contains(formDecoded(v)));
        }
        if (out.length() > MAX_KEPT) {
            out = out.substring(0, MAX_KEPT) + "…(truncated)";
        }
        return out;
    }
}
