package dev.commerceauth.core.cache;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.commerceauth.emulator.ManualClock;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A token endpoint on loopback: counts requests, stamps them with the test clock, issues tokens
 * with a chosen lifetime, rotates and revokes refresh tokens, and fails on demand.
 */
public final class TokenServer extends Dispatcher implements AutoCloseable {

    /** One request as the server saw it. */
    public record Hit(long clockMillis, String grantType, String refreshToken, int status) {
    }

    private static final java.util.logging.Logger MWS_LOG =
            java.util.logging.Logger.getLogger(MockWebServer.class.getName());

    static {
        MWS_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    public final MockWebServer server = new MockWebServer();
    public final ManualClock clock;
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger invalidGrants = new AtomicInteger();
    public final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final Set<String> liveRefreshTokens = ConcurrentHashMap.newKeySet();

    /** Prefix of issued access token values (followed by a sequence number). */
    public volatile String tokenPrefix = "at-";
    /** expires_in of issued tokens, seconds. */
    public volatile long expiresIn = 3600;
    /** Issue refresh tokens for grants other than client_credentials. */
    public volatile boolean issueRefreshTokens = true;
    /** When set, every token issued has this value and expires_in = seconds until {@link #sameTokenExpiresAtMillis}. */
    public volatile String sameToken;
    public volatile long sameTokenExpiresAtMillis;
    /** When set and returning non-null, the response to send instead of a token. */
    public volatile Function<Map<String, String>, MockResponse> failure;
    /** Error bodies in Shopware's dialect ({@code errors[]} with numeric codes) instead of RFC 6749. */
    public volatile boolean shopwareErrors;
    /** When set, answers requests to paths other than /oauth/token (a resource server on the same host). */
    public volatile Function<RecordedRequest, MockResponse> api;
    /** When set, requests wait for it before answering. */
    public volatile CountDownLatch hold;

    public TokenServer(ManualClock clock) throws IOException {
        this.clock = clock;
        noDelay(server);
        server.setDispatcher(this);
        server.start();
    }

    /**
     * Turns Nagle's algorithm off on the server's accepted sockets: MockWebServer writes headers and
     * body separately, and Nagle plus the client's delayed ACK would add 40 ms to every request on a
     * reused connection.
     */
    public static void noDelay(MockWebServer server) {
        server.setServerSocketFactory(new javax.net.ServerSocketFactory() {
            @Override
            public java.net.ServerSocket createServerSocket() throws IOException {
                return new java.net.ServerSocket() {
                    @Override
                    public java.net.Socket accept() throws IOException {
                        java.net.Socket s = super.accept();
                        s.setTcpNoDelay(true);
                        return s;
                    }
                };
            }

            @Override
            public java.net.ServerSocket createServerSocket(int port) throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address)
                    throws IOException {
                throw new UnsupportedOperationException();
            }
        });
    }

    public String url() {
        return server.url("/oauth/token").toString();
    }

    /** A Keycloak-shaped token URL, for the sellytics client. */
    public String keycloakUrl() {
        return server.url("/realms/sellytics/protocol/openid-connect/token").toString();
    }

    public String baseUrl() {
        String u = server.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    public int count(String grantType) {
        return (int) hits.stream().filter(h -> h.grantType().equals(grantType)).count();
    }

    public List<Long> timestamps() {
        List<Long> out = new ArrayList<>();
        for (Hit h : hits) {
            out.add(h.clockMillis());
        }
        return out;
    }

    /** Issue refresh tokens for client_credentials too (Keycloak can be configured so). */
    public volatile boolean refreshTokensForClientCredentials;

    /** Makes {@code refreshToken} valid once, as if issued earlier. */
    public void addRefreshToken(String refreshToken) {
        liveRefreshTokens.add(refreshToken);
    }

    /** Revokes every refresh token issued so far. */
    public void revokeAllRefreshTokens() {
        liveRefreshTokens.clear();
    }

    public void failWith(int status, String error) {
        failure = p -> error(status, error);
    }

    public void recover() {
        failure = null;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        Function<RecordedRequest, MockResponse> resource = api;
        if (resource != null && !request.getPath().endsWith("/token")) {
            return resource.apply(request);
        }
        Map<String, String> p = params(request);
        long at = clock.millis();
        requests.incrementAndGet();
        CountDownLatch h = hold;
        if (h != null) {
            h.await(30, TimeUnit.SECONDS);
        }
        String grantType = p.getOrDefault("grant_type", "");
        Function<Map<String, String>, MockResponse> f = failure;
        MockResponse fail = f == null ? null : f.apply(p);
        if (fail != null) {
            hits.add(new Hit(at, grantType, p.get("refresh_token"), status(fail)));
            return fail;
        }
        if (grantType.equals("refresh_token")) {
            String rt = p.get("refresh_token");
            if (rt == null || !liveRefreshTokens.remove(rt)) {
                invalidGrants.incrementAndGet();
                if (shopwareErrors) {
                    hits.add(new Hit(at, grantType, rt, 401));
                    return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                            .setBody("{\"errors\":[{\"code\":\"8\",\"status\":\"401\",\"title\":"
                                    + "\"The refresh token is invalid.\",\"detail\":null}]}");
                }
                hits.add(new Hit(at, grantType, rt, 400));
                return error(400, "invalid_grant");
            }
        }
        int n = seq.incrementAndGet();
        JsonObject body = new JsonObject();
        String same = sameToken;
        if (same != null) {
            body.addProperty("access_token", same);
            body.addProperty("expires_in", Math.max(1, (sameTokenExpiresAtMillis - at) / 1000));
        } else {
            body.addProperty("access_token", tokenPrefix + n);
            body.addProperty("expires_in", expiresIn);
        }
        body.addProperty("token_type", "Bearer");
        if (issueRefreshTokens && (refreshTokensForClientCredentials || !grantType.equals("client_credentials"))) {
            String rt = "rt-" + n;
            liveRefreshTokens.add(rt);
            body.addProperty("refresh_token", rt);
        }
        hits.add(new Hit(at, grantType, p.get("refresh_token"), 200));
        return new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setHeader("Cache-Control", "no-store")
                .setBody(body.toString());
    }

    public static MockResponse error(int status, String error) {
        JsonObject body = new JsonObject();
        body.addProperty("error", error);
        body.addProperty("error_description", "test " + error);
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }

    private static int status(MockResponse r) {
        String[] parts = r.getStatus().split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    static Map<String, String> params(RecordedRequest request) {
        String body = request.getBody().readUtf8();
        Map<String, String> out = new LinkedHashMap<>();
        String type = request.getHeader("Content-Type");
        if (type != null && type.contains("json")) {
            JsonObject o = new Gson().fromJson(body, JsonObject.class);
            if (o != null) {
                for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                    out.put(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString());
                }
            }
        } else {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        CountDownLatch h = hold;
        if (h != null) {
            while (h.getCount() > 0) {
                h.countDown();
            }
        }
        server.shutdown();
    }
}
