package dev.commerceauth.emulator.internal;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One incoming request, body read, with helpers to parse form and JSON bodies and HTTP Basic.
 */
final class Request {

    /** Bodies larger than this are not read. */
    static final int MAX_BODY = 1 << 20;

    private final String method;
    private final String path;
    private final String contentType;
    private final String authorization;
    private final String body;
    private final boolean tooLarge;
    private final String remoteIp;
    private final Map<String, String> headers;
    private String logGrantType;
    private String logClientId;
    private boolean logBackendAuthSent;
    private boolean logBackendAuthAccepted;
    private String logTrueClientIp;

    private Request(String method, String path, String contentType, String authorization, String body,
            boolean tooLarge, String remoteIp, Map<String, String> headers) {
        this.method = method;
        this.path = path;
        this.contentType = contentType;
        this.authorization = authorization;
        this.body = body;
        this.tooLarge = tooLarge;
        this.remoteIp = remoteIp;
        this.headers = headers;
    }

    /**
     * Reads a request from an exchange.
     *
     * @param exchange the exchange
     * @return the request
     * @throws IOException if the body cannot be read
     */
    static Request read(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean tooLarge = false;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > MAX_BODY) {
                    tooLarge = true;
                    break;
                }
                out.write(buffer, 0, n);
            }
        }
        InetSocketAddress remote = exchange.getRemoteAddress();
        String ip = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (h.getKey() != null && !h.getValue().isEmpty()) {
                headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
            }
        }
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                new String(out.toByteArray(), StandardCharsets.UTF_8), tooLarge, ip, headers);
    }

    /** @return the upper-case method */
    String method() {
        return method;
    }

    /** @return the raw path */
    String path() {
        return path;
    }

    /** @return the body as UTF-8 text */
    String body() {
        return body;
    }

    /** @return whether the body exceeded {@link #MAX_BODY} */
    boolean tooLarge() {
        return tooLarge;
    }

    /** @return the client's IP address */
    String remoteIp() {
        return remoteIp;
    }

    /**
     * A request header's first value.
     *
     * @param name the header name, in any case
     * @return the value, or {@code null}
     */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return the {@code Authorization} header, or {@code null} */
    String authorization() {
        return authorization;
    }

    /** @return whether the content type is {@code application/x-www-form-urlencoded} */
    boolean isForm() {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /**
     * Parses the body as a form; the first value of a repeated field wins.
     *
     * @return the fields; empty if the body is not a valid form
     */
    Map<String, String> form() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        try {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), "UTF-8");
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), "UTF-8");
                if (!fields.containsKey(name)) {
                    fields.put(name, value);
                }
            }
        } catch (UnsupportedEncodingException | IllegalArgumentException e) {
            return Collections.emptyMap();
        }
        return fields;
    }

    /**
     * Parses the body as a JSON object; scalar members become strings, {@code null}, arrays and
     * objects are left out.
     *
     * @return the members
     * @throws com.google.gson.JsonParseException if the body is not a JSON object
     */
    Map<String, String> jsonObject() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : JsonCodec.parseObject(body).entrySet()) {
            Object v = e.getValue();
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                fields.put(e.getKey(), v.toString());
            }
        }
        return fields;
    }

    /**
     * Decodes HTTP Basic credentials; each part is URL-decoded after base64 (RFC 6749 section 2.3.1).
     *
     * @return {@code {id, secret}}, or {@code null} when there is no valid Basic header
     */
    String[] basicCredentials() {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), "UTF-8"),
                URLDecoder.decode(decoded.substring(colon + 1), "UTF-8")
            };
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            return null;
        }
    }

    /**
     * Notes what the request log records for this request.
     *
     * @param grantType the grant type sent, or {@code null}
     * @param clientId the client id sent, or {@code null}
     */
    void describe(String grantType, String clientId) {
        this.logGrantType = grantType;
        this.logClientId = clientId;
    }

    /**
     * Notes what the request log records of Commerce Layer's backend headers (never the key).
     *
     * @param sent whether {@code x-backend-auth} was sent
     * @param accepted whether it carried the configured key
     * @param trueClientIp the honoured {@code x-true-client-ip}, or {@code null}
     */
    void describeBackend(boolean sent, boolean accepted, String trueClientIp) {
        this.logBackendAuthSent = sent;
        this.logBackendAuthAccepted = accepted;
        this.logTrueClientIp = trueClientIp;
    }

    /** @return whether {@code x-backend-auth} was sent, for the request log */
    boolean logBackendAuthSent() {
        return logBackendAuthSent;
    }

    /** @return whether {@code x-backend-auth} carried the configured key, for the request log */
    boolean logBackendAuthAccepted() {
        return logBackendAuthAccepted;
    }

    /** @return the honoured {@code x-true-client-ip}, for the request log */
    String logTrueClientIp() {
        return logTrueClientIp;
    }

    /** @return the grant type for the request log */
    String logGrantType() {
        return logGrantType;
    }

    /** @return the client id for the request log */
    String logClientId() {
        return logClientId;
    }
}
