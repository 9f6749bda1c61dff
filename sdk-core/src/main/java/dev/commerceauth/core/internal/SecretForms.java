package dev.commerceauth.core.internal;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Internal: the secrets of a {@link Redactor} in every form they are removed in: as given, as a
 * JSON encoder may echo them (non-ASCII characters as JSON unicode escapes in lower- or upper-case
 * hex, {@code /}, {@code "} and the backslash backslash-escaped), as a form encoder may echo them
 * ({@code +} or {@code %20} for a space, upper- or lower-case hex, {@code ~} or {@code *} kept), and
 * the base64 characters that encode any of these wherever it sits in a longer encoded text.
 *
 * <p>Immutable: only final fields, so that a redactor may publish an instance without a lock.
 */
final class SecretForms {

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

    /**
     * Prepares the forms of secret values.
     *
     * @param values the secret values; nulls and empty values are ignored; values shorter than
     *     {@value Redactor#MIN_FREE_TEXT_LENGTH} characters only count as whole values
     */
    SecretForms(List<String> values) {
        Set<String> forms = new LinkedHashSet<>();
        Set<String> whole = new HashSet<>();
        for (String s : values) {
            if (s == null || s.isEmpty()) {
                continue;
            }
            Set<String> variants = variants(s);
            whole.addAll(variants);
            if (s.length() >= Redactor.MIN_FREE_TEXT_LENGTH) {
                forms.addAll(variants);
            }
        }
        this.anywhere = longestFirst(forms);
        this.wholeValues = Collections.unmodifiableSet(whole);
        Set<String> plain = new LinkedHashSet<>();
        for (String s : values) {
            if (s != null && s.length() >= Redactor.MIN_FREE_TEXT_LENGTH) {
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
            hasShort |= s != null && !s.isEmpty() && s.length() < Redactor.MIN_FREE_TEXT_LENGTH;
        }
        this.hasShortSecret = hasShort;
    }

    /** Longest first, so that a secret containing another one is removed whole. */
    private static List<String> longestFirst(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort((a, b) -> b.length() - a.length());
        return Collections.unmodifiableList(list);
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

    /** A form value decoded ({@code +} as a space), or the value itself if it is malformed. */
    static String formDecoded(String value) {
        try {
            return URLDecoder.decode(value, "UTF-8");
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            return value;
        }
    }
}
