package dev.commerceauth.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
 *
 * <p>This class applies the rules in order; the secrets' encoded forms are prepared by
 * {@link SecretForms}, base64 echoes are found by {@link Base64Echoes}, escaped JSON strings are
 * re-written by {@link EscapedJsonStrings}.
 */
final class Redactor {

    /** What replaces a redacted value. */
    static final String MASK = "****";

    /** The shortest secret removed from inside free text. */
    static final int MIN_FREE_TEXT_LENGTH = 4;

    /** Longest server text kept in an exception. */
    static final int MAX_KEPT = 8192;

    /** The secret values as given: encoded forms and patterns are only prepared to redact. */
    private final List<String> values;

    /**
     * The forms of {@link #values}, prepared by the first {@link #redact}: most requests succeed,
     * and then nothing is redacted. Racy on purpose: {@link SecretForms} has only final fields, so a
     * thread sees either null (and prepares its own, equal copy) or a complete instance.
     */
    private SecretForms forms;

    /**
     * Creates a redactor for the given secret values. Each value is also removed in the forms a
     * server's JSON encoder may echo it in (non-ASCII characters as JSON unicode escapes, PHP's
     * default, so Shopware's; {@code /}, {@code "} and the backslash backslash-escaped) and in the
     * forms a form encoder may echo it in.
     *
     * @param secrets the secret values of the request; nulls and empty values are ignored; values
     *     shorter than {@value #MIN_FREE_TEXT_LENGTH} characters are only removed as whole values
     */
    Redactor(Collection<String> secrets) {
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

        private Patterns() {
        }
    }

    /**
     * A redactor for the given secret values.
     *
     * @param secrets the secret values; nulls are ignored
     * @return the redactor
     */
    static Redactor of(String... secrets) {
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
    static Redactor forGrant(dev.commerceauth.core.Grant grant, String... more) {
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
    static Redactor none() {
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
     * Redacts a text and caps it at 8 KiB.
     *
     * @param text the text, may be null
     * @return the redacted text, null for null
     */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        SecretForms f = forms;
        if (f == null) {
            f = new SecretForms(values);
            forms = f;
        }
        Set<String> wholeValues = f.wholeValues;
        if (wholeValues.contains(text)) {
            return MASK;
        }
        String out = Base64Echoes.mask(text, f);
        for (String s : f.anywhere) {
            out = out.replace(s, MASK);
        }
        out = replaceGroup(Patterns.SECRET_MEMBERS, out, v -> true);
        out = replaceGroup(Patterns.SECRET_FORM_MEMBERS, out, v -> !v.isEmpty());
        if (!wholeValues.isEmpty()) {
            out = EscapedJsonStrings.mask(out, f);
            out = replaceGroup(EscapedJsonStrings.JSON_STRINGS, out, wholeValues::contains);
            out = replaceGroup(Patterns.FORM_MEMBERS, out,
                    v -> wholeValues.contains(v) || wholeValues.contains(SecretForms.formDecoded(v)));
        }
        if (out.length() > MAX_KEPT) {
            out = out.substring(0, MAX_KEPT) + "…(truncated)";
        }
        return out;
    }
}
