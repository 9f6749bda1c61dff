package dev.commerceauth.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal: removes secrets from text that came from a server (error bodies, descriptions) before it
 * reaches an exception or a log: every known secret value of the request, and the values of JSON
 * members that carry secrets or tokens.
 */
public final class Redactor {

    /** What replaces a redacted value. */
    public static final String MASK = "****";

    private static final Pattern SECRET_MEMBERS = Pattern.compile(
            "(\"(?:access_token|refresh_token|id_token|client_secret|password|assertion|token)\"\\s*:\\s*\")"
                    + "((?:[^\"\\\\]|\\\\.)*)(\")");

    /** Longest server text kept in an exception. */
    static final int MAX_KEPT = 8192;

    private final List<String> secrets;

    /**
     * Creates a redactor for the given secret values. Each value is also removed in the forms a
     * server's JSON encoder may echo it in: non-ASCII characters as JSON unicode escapes (PHP's
     * default, so Shopware's), {@code /}, {@code "} and the backslash backslash-escaped.
     *
     * @param secrets the secret values of the request; nulls and values shorter than 4 characters
     *     are ignored for substring replacement
     */
    public Redactor(Collection<String> secrets) {
        List<String> list = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                list.add(s);
                String escaped = jsonEscaped(s, "\\u%04x");
                if (!escaped.equals(s)) {
                    list.add(escaped);
                    list.add(jsonEscaped(s, "\\u%04X"));
                }
            }
        }
        // longest first, so that a secret containing another one is removed whole
        list.sort((a, b) -> b.length() - a.length());
        this.secrets = Collections.unmodifiableList(list);
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
        grant.clientSecret().ifPresent(s -> all.add(s.reveal()));
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
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        Matcher m = SECRET_MEMBERS.matcher(out);
        StringBuffer b = new StringBuffer();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
        }
        m.appendTail(b);
        out = b.toString();
        if (out.length() > MAX_KEPT) {
            out = out.substring(0, MAX_KEPT) + "…(truncated)";
        }
        return out;
    }
}
