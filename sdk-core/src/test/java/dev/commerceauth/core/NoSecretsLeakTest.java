package dev.commerceauth.core;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.sellytics.ClientAuthentication;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs every grant and error path of the three clients with logging at ALL and asserts that no
 * client secret, password, code, assertion, access or refresh token shows up in logs, exception
 * messages, response bodies kept in exceptions, or toString() output.
 */
class NoSecretsLeakTest {

    static final String CLIENT_SECRET = "Client-Secret-7f3a9c";
    static final String PASSWORD = "User-Passw0rd-b81e";
    static final String CODE = "Auth-Code-55d2e0";
    static final String ASSERTION = "eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJsZWFrIn0.Assertion-Sig-c0ffee";
    static final String REFRESH_IN = "Refresh-In-9a8b7c";
    static final String ACCESS = "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJ4In0.Access-Token-Sig-A9Xz";
    static final String REFRESH_OUT = "def50200-Refresh-Out-4d4d";
    static final String REVOKED = "Revoked-Token-e1e2e3";
    static final List<String> SECRETS = Arrays.asList(CLIENT_SECRET, PASSWORD, CODE, ASSERTION, REFRESH_IN, ACCESS,
            REFRESH_OUT, REVOKED);

    static final String OK = "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\",\"expires_in\":600,"
            + "\"refresh_token\":\"" + REFRESH_OUT + "\",\"session_state\":\"s\",\"owner_id\":\"o\"}";

    /** Replaced by the request's body: a hostile server echoing everything it received. */
    static final String ECHO = "@@ECHO@@";

    private final List<String> captured = new ArrayList<>();
    private final java.util.Deque<MockResponse> queue = new java.util.ArrayDeque<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            captured.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger root = Logger.getLogger("");
    private final Logger sdk = Logger.getLogger("dev.commerceauth");
    private Level rootLevel;
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        sdk.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        server = new MockWebServer();
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                MockResponse template = queue.poll();
                if (template == null) {
                    return new MockResponse().setResponseCode(500);
                }
                okio.Buffer body = template.getBody();
                if (body == null) {
                    return template;
                }
                String echoed = request.getBody().readUtf8().replace("\"", "\\\"");
                return template.setBody(body.readUtf8().replace(ECHO, echoed));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        root.removeHandler(handler);
        root.setLevel(rootLevel);
        sdk.setLevel(null);
        server.shutdown();
    }

    private void record(Object o) {
        captured.add(String.valueOf(o));
    }

    private void record(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            captured.add(c.toString());
        }
        if (t instanceof OAuthErrorException) {
            OAuthErrorException e = (OAuthErrorException) t;
            captured.add(e.responseBody());
            captured.add(e.errorDescription().orElse(""));
            captured.add(e.title().orElse(""));
        }
    }

    /** Every answer a path can get: success and each error dialect, some echoing secrets. */
    private List<MockResponse> answers() {
        String echo = ECHO;
        return Arrays.asList(
                json(200, OK),
                json(401, "{\"error\":\"unauthorized_client\",\"error_description\":\"bad " + echo + "\"}"),
                json(400, "{\"error\":\"invalid_grant\",\"refresh_token\":\"" + REFRESH_OUT + "\"}"),
                json(401, "{\"errors\":[{\"code\":\"4\",\"status\":\"401\",\"title\":\"Client authentication failed\",\"detail\":\"" + echo + "\"}]}"),
                json(429, "{\"errors\":[{\"status\":\"429\",\"code\":\"FRAMEWORK__AUTH_THROTTLED\",\"title\":\"Too Many Requests\","
                        + "\"detail\":\"Auth throttled for 10 seconds.\",\"meta\":{\"parameters\":{\"seconds\":10}}}]}"),
                json(401, "{\"errors\":{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_client\",\"status\":401,\"detail\":\"" + echo + "\"}}"),
                json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"mac\",\"expires_in\":600}"),
                json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\",\"expires_in\":-5}"),
                json(200, "{\"access_token\":{\"x\":\"" + ACCESS + "\"}}"),
                new MockResponse().setResponseCode(502).setBody("<html>" + echo + "</html>"),
                new MockResponse().setResponseCode(302).setHeader("Location", "https://x.example.com/?p=" + PASSWORD),
                new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    }

    private void run(TokenClient client, Grant grant) {
        record(grant);
        record(client);
        for (MockResponse answer : answers()) {
            queue.add(answer);
            try {
                AccessToken t = client.requestToken(grant);
                record(t);
                record(t.extraFields());
            } catch (TokenException e) {
                record(e);
            }
        }
    }

    @Test
    void noSecretAnywhere() {
        String base = server.url("/").toString();
        String keycloak = server.url("/realms/r/protocol/openid-connect/token").toString();
        ClientCredentialsGrant cc = ClientCredentialsGrant.builder().clientId("client-1").clientSecret(CLIENT_SECRET)
                .scope(Scope.of("sellytics-data-api")).build();
        PasswordGrant pw = PasswordGrant.builder().clientId("administration").clientSecret(CLIENT_SECRET)
                .username("admin").password(PASSWORD).build();
        RefreshTokenGrant rt = RefreshTokenGrant.forToken(pw, REFRESH_IN);
        AuthorizationCodeGrant ac = AuthorizationCodeGrant.builder().clientId("web").clientSecret(CLIENT_SECRET)
                .code(CODE).redirectUri("https://app.example.com/cb").build();
        JwtBearerGrant jb = JwtBearerGrant.builder().clientId("c").clientSecret(CLIENT_SECRET).assertion(ASSERTION).build();

        SellyticsAuth form = SellyticsAuth.builder().tokenUrl(keycloak).clock(fixedClock()).build();
        SellyticsAuth basic = SellyticsAuth.builder().tokenUrl(keycloak).clientAuthentication(ClientAuthentication.BASIC)
                .revocationCredentials("client-1", Secret.of(CLIENT_SECRET)).build();
        ShopwareAuth shopware = ShopwareAuth.builder().shopUrl(base).build();
        CommerceLayerAuth cl = CommerceLayerAuth.builder().baseUrl(base)
                .revocationCredentials("client-1", Secret.of(CLIENT_SECRET)).build();

        run(form, cc);
        run(basic, cc);
        for (Grant g : Arrays.asList(cc, pw, rt)) {
            run(shopware, g);
        }
        for (Grant g : Arrays.asList(cc, pw, rt, ac, jb)) {
            run(cl, g);
        }
        for (TokenClient c : Arrays.<TokenClient>asList(basic, cl)) {
            for (MockResponse answer : Arrays.asList(json(200, "{\"error\":\"invalid_token\",\"token\":\"" + REVOKED + "\"}"),
                    json(401, "{\"error\":\"invalid_client\",\"error_description\":\"" + REVOKED + "\"}"))) {
                queue.add(answer);
                try {
                    c.revoke(REVOKED);
                } catch (TokenException e) {
                    record(e);
                }
            }
        }
        for (String bad : Arrays.asList(PASSWORD + "\r\n", "\u00e4" + PASSWORD)) {
            try {
                Secret.of(bad);
            } catch (IllegalArgumentException e) {
                record(e);
            }
        }

        assertTrue(captured.size() > 100, "captured " + captured.size());
        assertTrue(captured.stream().anyMatch(s -> s.contains("eyJh\u2026A9Xz")), "the masked token is logged");
        assertTrue(captured.stream().anyMatch(s -> s.contains("rejected the client credentials")));
        for (String s : captured) {
            for (String secret : SECRETS) {
                assertFalse(s.contains(secret), () -> "secret leaked: " + s);
            }
        }
    }

    @Test
    void nonAsciiPasswordIsRedactedAlsoWhenEchoedJsonEscaped() {
        String password = "Passwört/Geheim-42";
        String escaped = "Passw\\u00f6rt\\/Geheim-42";
        ShopwareAuth shopware = ShopwareAuth.builder().shopUrl(server.url("/").toString()).build();
        for (String echo : Arrays.asList(escaped, escaped.replace("00f6", "00F6"), password)) {
            queue.add(json(401, "{\"errors\":[{\"code\":\"6\",\"status\":\"401\",\"title\":\"The user credentials "
                    + "were incorrect.\",\"detail\":\"" + echo + "\"}]}"));
            try {
                shopware.requestToken(ShopwareAuth.passwordGrant("jürgen", password));
            } catch (TokenException e) {
                record(e);
            }
        }
        assertTrue(captured.stream().anyMatch(s -> s.contains("The user credentials were incorrect")));
        for (String s : captured) {
            assertFalse(s.contains(password) || s.contains("Passw\\u00f6rt") || s.contains("Passw\\u00F6rt")
                    || s.contains("Geheim-42"), () -> "password leaked: " + s);
        }
    }
}
