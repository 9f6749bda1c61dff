package dev.commerceauth.reliability;

import com.google.gson.Gson;
import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looks for secrets in captured text, in the forms in which they travel or get echoed:
 * <ul>
 *   <li>as is;</li>
 *   <li>URL-encoded: form encoding ({@code +} for a space), {@code %20} for a space, lower-case hex;</li>
 *   <li>JSON-escaped: Gson's HTML-safe escapes ({@code &#92;u003d} for {@code =} …), every character as
 *       {@code &#92;uXXXX} (either hex case), {@code \/} for {@code /};</li>
 *   <li>any mix of these: each capture is also searched after undoing JSON escapes, after
 *       URL-decoding, and after both;</li>
 *   <li>for each client id and secret pair: the HTTP Basic credential, base64 (standard and url-safe,
 *       with or without padding) of {@code id:secret} and of the form-URL-encoded
 *       {@code urlencode(id):urlencode(secret)} (RFC 6749 section 2.3.1).</li>
 * </ul>
 * A hit names the capture, the secret's kind and the form, never the secret.
 */
final class SecretScanner {

    private static final Gson GSON = new Gson();

    /** One searched string: {kind, form, value}. */
    private final List<String[]> needles = new ArrayList<>();
    /** Raw secrets, for the searches in decoded text: kind → value. */
    private final Map<String, String> raw = new LinkedHashMap<>();

    /** Adds a secret, searched in every form above. */
    SecretScanner secret(String kind, String value) {
        if (value == null || value.isEmpty() || raw.containsValue(value)) {
            return this;
        }
        raw.put(kind, value);
        needles.add(new String[] {kind, "as is", value});
        add(kind, "URL-encoded", formEncode(value));
        add(kind, "URL-encoded (%20)", formEncode(value).replace("+", "%20"));
        add(kind, "URL-encoded (lower-case hex)", lowerHex(formEncode(value)));
        String gson = GSON.toJson(value);
        add(kind, "JSON-escaped (Gson)", gson.substring(1, gson.length() - 1));
        add(kind, "JSON-escaped (\\uXXXX)", unicodeEscape(value, false));
        add(kind, "JSON-escaped (\\uXXXX, upper-case hex)", unicodeEscape(value, true));
        add(kind, "JSON-escaped (\\/)", value.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
        return this;
    }

    /** Adds a client id and secret pair, searched as HTTP Basic credentials. */
    SecretScanner basic(String kind, String id, String secret) {
        for (String[] form : new String[][] {
            {"Basic base64(id:secret)", id + ":" + secret},
            {"Basic base64(urlencode(id):urlencode(secret))", formEncode(id) + ":" + formEncode(secret)},
        }) {
            byte[] bytes = form[1].getBytes(StandardCharsets.UTF_8);
            add(kind, form[0], stripPadding(Base64.getEncoder().encodeToString(bytes)));
            add(kind, form[0] + " url-safe", stripPadding(Base64.getUrlEncoder().encodeToString(bytes)));
        }
        return this;
    }

    int size() {
        return needles.size();
    }

    private void add(String kind, String form, String value) {
        for (String[] n : needles) {
            if (n[2].equals(value)) {
                return; // the same string as an earlier form (a secret without special characters)
            }
        }
        needles.add(new String[] {kind, form, value});
    }

    /** Every hit in {@code text}, each naming {@code where}, the kind and the form; empty when clean. */
    List<String> scan(String where, String text) {
        List<String> hits = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return hits;
        }
        for (String[] n : needles) {
            int at = text.indexOf(n[2]);
            if (at >= 0) {
                hits.add(n[0] + " (" + n[1] + ") in " + where + " after: …" + context(text, at) + "<SECRET>");
            }
        }
        if (!hits.isEmpty()) {
            return hits;
        }
        String json = jsonUnescape(text);
        String url = urlDecode(text);
        String both = urlDecode(json);
        for (Map.Entry<String, String> s : raw.entrySet()) {
            for (String[] decoded : new String[][] {{"JSON escapes undone", json}, {"URL-decoded", url},
                    {"JSON escapes undone, then URL-decoded", both}}) {
                if (decoded[1].contains(s.getValue())) {
                    hits.add(s.getKey() + " (found after " + decoded[0] + ") in " + where);
                    break;
                }
            }
        }
        return hits;
    }

    /** Up to 60 characters before a hit, with every known secret masked. */
    private String context(String text, int at) {
        String before = text.substring(Math.max(0, at - 60), at).replace('\n', ' ');
        for (String[] n : needles) {
            if (n[2].length() >= 4) {
                before = before.replace(n[2], "<…>");
            }
        }
        return before;
    }

    static String formEncode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lowerHex(String encoded) {
        StringBuilder b = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                b.append('%').append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String unicodeEscape(String s, boolean upper) {
        StringBuilder b = new StringBuilder(s.length() * 6);
        for (int i = 0; i < s.length(); i++) {
            String hex = String.format("%04x", (int) s.charAt(i));
            b.append("\\u").append(upper ? hex.toUpperCase(Locale.ROOT) : hex);
        }
        return b.toString();
    }

    private static String stripPadding(String base64) {
        int end = base64.length();
        while (end > 0 && base64.charAt(end - 1) == '=') {
            end--;
        }
        return base64.substring(0, end);
    }

    /** Undoes JSON string escapes wherever they occur; anything else is kept as is. */
    static String jsonUnescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(i + 1);
            if (n == 'u' && i + 5 < s.length() && isHex(s, i + 2, 4)) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if ("\"\\/".indexOf(n) >= 0) {
                b.append(n);
                i++;
            } else if ("bfnrt".indexOf(n) >= 0) {
                b.append("\b\f\n\r\t".charAt("bfnrt".indexOf(n)));
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Undoes %XX escapes (as UTF-8) and {@code +} for a space wherever they occur; malformed escapes are kept. */
    static String urlDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c == '%' && i + 2 < bytes.length && isHex((char) bytes[i + 1]) && isHex((char) bytes[i + 2])) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean isHex(String s, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
