package dev.commerceauth.core.internal;

import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** Internal: parses and checks endpoint URLs (https only unless loopback or explicitly allowed). */
public final class Endpoints {

    /** A scheme followed by slashes or backslashes, or slashes alone, at the start of a URL. */
    private static final Pattern SCHEME_AND_SLASHES = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:[/\\\\]+|[/\\\\]+");

    private Endpoints() {
    }

    /**
     * Parses an endpoint URL.
     *
     * @param url the URL
     * @param allowInsecureHttp whether plain http is allowed for non-loopback hosts
     * @param what what the URL is, for messages
     * @return the parsed URL
     * @throws IllegalArgumentException if the URL is malformed, has user info, a non-ASCII host, or is
     *     plain http to a non-loopback host without opt-in
     */
    public static HttpUrl parse(String url, boolean allowInsecureHttp, String what) {
        if (url == null || url.trim().isEmpty()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        HttpUrl parsed = HttpUrl.parse(url.trim());
        if (parsed == null) {
            throw new IllegalArgumentException(what + " is not a valid http(s) URL: "
                    + withoutCredentials(url.trim(), Endpoints::atMost200)
                    + "; expected for example https://host/path");
        }
        return check(parsed, allowInsecureHttp, what);
    }

    /**
     * A URL that did not parse, for a message: without query, fragment and user info (which may
     * carry credentials, codes or tokens), what remains passed through {@code kept} (to redact or
     * shorten it), followed by a note of what was left out.
     *
     * <p>The text did not parse, so nothing is assumed about where its user info ends: everything
     * from the first {@code ?} or {@code #} is dropped, and when an {@code @} remains, everything
     * between the scheme (with its slashes or backslashes) and the last {@code @} is dropped too. A
     * secret with a {@code /} or an {@code @} in it, backslashes instead of slashes or a missing
     * scheme leave no piece of it behind.
     *
     * @param url the text that did not parse as a URL
     * @param kept applied to what remains
     * @return the text for a message
     */
    static String withoutCredentials(String url, UnaryOperator<String> kept) {
        int cut = firstOf(url, '?', '#');
        String path = cut < 0 ? url : url.substring(0, cut);
        int at = path.lastIndexOf('@');
        String withoutUserInfo = path;
        if (at >= 0) {
            Matcher scheme = SCHEME_AND_SLASHES.matcher(path);
            String prefix = scheme.lookingAt() ? scheme.group() : "";
            withoutUserInfo = prefix + path.substring(at + 1);
        }
        return kept.apply(withoutUserInfo) + omitted(at >= 0, cut >= 0);
    }

    /**
     * A parsed URL for a message: without user info, query and fragment (which may carry
     * credentials, codes or tokens), followed by a note of what was left out.
     *
     * @param url the URL
     * @return the text for a message
     */
    public static String withoutCredentials(HttpUrl url) {
        return withoutCredentials(url, UnaryOperator.identity());
    }

    /**
     * A parsed URL for a message, like {@link #withoutCredentials(HttpUrl)}, what remains passed
     * through {@code kept}.
     *
     * @param url the URL
     * @param kept applied to what remains
     * @return the text for a message
     */
    static String withoutCredentials(HttpUrl url, UnaryOperator<String> kept) {
        boolean userInfo = !url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty();
        boolean query = url.encodedQuery() != null || url.encodedFragment() != null;
        String remains = url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
        return kept.apply(remains) + omitted(userInfo, query);
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /**
     * The note of what a message left out of a URL.
     *
     * @param userInfo whether user info was left out
     * @param query whether a query or fragment was left out
     * @return the note, empty when nothing was
     */
    static String omitted(boolean userInfo, boolean query) {
        if (userInfo && query) {
            return " (user info and query omitted)";
        }
        return userInfo ? " (user info omitted)" : query ? " (query omitted)" : "";
    }

    private static String atMost200(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /**
     * Checks a parsed endpoint URL.
     *
     * @param url the URL
     * @param allowInsecureHttp whether plain http is allowed for non-loopback hosts
     * @param what what the URL is, for messages
     * @return the URL
     */
    public static HttpUrl check(HttpUrl url, boolean allowInsecureHttp, String what) {
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new IllegalArgumentException(what + " must not contain user info; pass credentials in the grant");
        }
        if (!url.host().equals(url.host().toLowerCase(Locale.ROOT)) || url.host().startsWith("xn--")
                || url.host().contains(".xn--")) {
            throw new IllegalArgumentException(what + " must have an ASCII host name (no internationalized names): " + url.host());
        }
        if (!url.isHttps() && !allowInsecureHttp && !isLoopback(url.host())) {
            throw new IllegalArgumentException(what + " uses plain http to " + url.host()
                    + ": credentials would travel unencrypted. Use https, or call allowInsecureHttp(true) if you really mean it.");
        }
        return url;
    }

    /**
     * Whether a host is a loopback name or address.
     *
     * @param host the host
     * @return true for {@code localhost}, {@code 127.x.x.x} and {@code ::1}
     */
    public static boolean isLoopback(String host) {
        return "localhost".equals(host) || host.endsWith(".localhost") || host.matches("127(\\.\\d{1,3}){3}")
                || "::1".equals(host) || "0:0:0:0:0:0:0:1".equals(host);
    }

    /**
     * Returns the URL with a path ending in {@code /}, as Retrofit base URLs must.
     *
     * @param url the URL
     * @return the URL as a directory
     */
    public static HttpUrl asDirectory(HttpUrl url) {
        String s = url.newBuilder().query(null).fragment(null).build().toString();
        return HttpUrl.get(s.endsWith("/") ? s : s + "/");
    }
}
