package dev.commerceauth.commercelayer;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static dev.commerceauth.testing.Fixtures.jsonBody;
import static dev.commerceauth.testing.Fixtures.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.RecordedTokenRequest;
import dev.commerceauth.emulator.TokenServerEmulator;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trusted backend's {@code x-backend-auth} and {@code x-true-client-ip}: validated, sent with
 * token requests (not revocations) over real HTTP, honoured by the emulator's per-IP rate limit,
 * and the key never shown in a {@code toString()}, a log record or an exception.
 */
class CommerceLayerBackendHeadersTest {

    static final String KEY = "Backend-Key-7d1f-9a0c";
    static final String OK = "{\"access_token\":\"acC3sSt0K3Nwrt6kic7.abc4bnm5.sig\",\"token_type\":\"bearer\","
            + "\"expires_in\":7200,\"scope\":\"market:all\",\"created_at\":1710943230}";
    static final ClientCredentialsGrant INTEGRATION = ClientCredentialsGrant.builder().clientId("your-client-id")
            .clientSecret("your-client-secret").build();

    private final List<String> logged = new ArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logged.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger sdk = Logger.getLogger("dev.commerceauth");
    private MockWebServer server;
    private CommerceLayerAuth auth;

    @BeforeEach
    void start() throws Exception {
        sdk.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        sdk.addHandler(handler);
        server = new MockWebServer();
        server.start();
        auth = CommerceLayerAuth.builder().baseUrl(server.url("/").toString()).clock(fixedClock())
                .revocationCredentials("your-client-id", Secret.of("your-client-secret")).build();
    }

    @AfterEach
    void stop() throws Exception {
        sdk.removeHandler(handler);
        sdk.setLevel(null);
        server.shutdown();
    }

    static CommerceLayerBackendHeaders headers(String ip) {
        return CommerceLayerBackendHeaders.builder().backendAuth(KEY).trueClientIp(ip).build();
    }

    @Test
    void aTokenRequestCarriesBothHeadersAndTheSameBody() throws Exception {
        server.enqueue(json(200, OK));
        server.enqueue(json(200, OK));
        auth.requestToken(INTEGRATION);
        auth.requestToken(INTEGRATION, headers("203.0.113.7"));

        RecordedRequest plain = server.takeRequest();
        assertNull(plain.getHeader("x-backend-auth"));
        assertNull(plain.getHeader("x-true-client-ip"));
        RecordedRequest backend = server.takeRequest();
        assertEquals(KEY, backend.getHeader("x-backend-auth"));
        assertEquals("203.0.113.7", backend.getHeader("x-true-client-ip"));
        String body = jsonBody(backend).toString();
        assertEquals(jsonBody(plain).toString(), body);
        assertEquals(parse("{\"grant_type\":\"client_credentials\",\"client_id\":\"your-client-id\","
                + "\"client_secret\":\"your-client-secret\"}"), parse(body));
    }

    @Test
    void theKeyAloneIsSentWithoutAnAddress() throws Exception {
        server.enqueue(json(200, OK));
        auth.requestToken(INTEGRATION, CommerceLayerBackendHeaders.builder().backendAuth(Secret.of(KEY)).build());
        RecordedRequest r = server.takeRequest();
        assertEquals(KEY, r.getHeader("x-backend-auth"));
        assertNull(r.getHeader("x-true-client-ip"));
    }

    @Test
    void aClientWithBackendHeadersSendsThemWithEveryTokenRequestButNotWithRevocations() throws Exception {
        CommerceLayerAuth forUser = auth.withBackendHeaders(headers("2001:db8::7"));
        server.enqueue(json(200, OK));
        server.enqueue(json(200, "{}"));
        server.enqueue(json(200, OK));
        try (TokenProvider tokens = forUser.tokenProvider(INTEGRATION)) {
            AccessToken token = tokens.token();
            forUser.revoke(token.value());
        }
        auth.requestToken(INTEGRATION);

        RecordedRequest grant = server.takeRequest();
        assertEquals(KEY, grant.getHeader("x-backend-auth"));
        assertEquals("2001:db8::7", grant.getHeader("x-true-client-ip"));
        RecordedRequest revoke = server.takeRequest();
        assertEquals("/oauth/revoke", revoke.getPath());
        assertNull(revoke.getHeader("x-backend-auth"), "js-auth sends no backend headers with a revocation");
        assertNull(revoke.getHeader("x-true-client-ip"));
        assertNull(server.takeRequest().getHeader("x-backend-auth"), "the original client is unchanged");
        assertTrue(forUser.toString().contains("x-backend-auth=****"), forUser.toString());
        assertFalse(forUser.toString().contains(KEY));
    }

    @Test
    void theKeyIsNeverInToStringLogsOrAnExceptionEvenWhenTheServerEchoesIt() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("x:" + KEY).getBytes("US-ASCII"));
        server.enqueue(json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_client\",\"status\":401,"
                + "\"detail\":\"bad x-backend-auth " + KEY + " (" + basic + ")\",\"meta\":{\"x-backend-auth\":\"" + KEY + "\"}}]}"));
        CommerceLayerBackendHeaders headers = headers("203.0.113.7");
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(INTEGRATION, headers));

        List<String> seen = new ArrayList<>(logged);
        for (Throwable t = e; t != null; t = t.getCause()) {
            seen.add(t.toString());
        }
        seen.add(e.responseBody());
        seen.add(e.errorDescription().orElse(""));
        seen.add(headers.toString());
        seen.add(headers.backendAuth().toString());
        seen.add(auth.withBackendHeaders(headers).toString());
        assertFalse(logged.isEmpty(), "the request was logged at FINE");
        for (String s : seen) {
            assertFalse(s.contains(KEY), s);
            assertFalse(s.contains(basic), s);
        }
        assertEquals("CommerceLayerBackendHeaders{x-backend-auth=****, x-true-client-ip=203.0.113.7}", headers.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "0.0.0.0", "255.255.255.255", "2001:db8::7", "::1", "::",
        "2001:DB8:0:0:8:800:200C:417A", "fe80::1:2:3:4:5:6", "::ffff:192.0.2.128", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:1.2.3.4"})
    void ipLiteralsAreAccepted(String ip) {
        assertEquals(ip, headers(ip).trueClientIp().orElse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 203.0.113.7", "203.0.113.7\r\nX-Evil: 1", "203.0.113.7\n", "203.0.113", "256.1.1.1",
        "01.2.3.4", "1.2.3.4.5", "shop.example.com", "localhost", "cafe", "[::1]", "fe80::1%eth0", "203.0.113.7:8080",
        "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1", "::g", "203.0.113.0/24", "\uff11.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4"})
    void anythingElseIsRefusedWithoutQuotingIt(String ip) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommerceLayerBackendHeaders.builder().backendAuth(KEY).trueClientIp(ip));
        assertEquals("trueClientIp must be an IPv4 or IPv6 address literal such as 203.0.113.7 or 2001:db8::7 "
                + "(no host name, brackets, zone, port, whitespace or line break)", e.getMessage(), "one fixed message");
    }

    @Test
    void anInetAddressIsTakenWithoutItsZoneAndWithoutALookup() throws Exception {
        InetAddress scoped = InetAddress.getByName("fe80::1%1");
        assertEquals("fe80:0:0:0:0:0:0:1", CommerceLayerBackendHeaders.builder().backendAuth(KEY)
                .trueClientIp(scoped).build().trueClientIp().orElse(null));
        assertEquals("203.0.113.7", CommerceLayerBackendHeaders.builder().backendAuth(KEY)
                .trueClientIp(InetAddress.getByAddress("unresolved.example", new byte[] {(byte) 203, 0, 113, 7}))
                .build().trueClientIp().orElse(null));
    }

    @Test
    void theKeyIsRequiredAndMustBeHeaderSafe() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> CommerceLayerBackendHeaders.builder().trueClientIp("203.0.113.7").build());
        assertTrue(none.getMessage().contains("backendAuth is required"), none.getMessage());
        for (String bad : new String[] {KEY + "\r\nX-Evil: 1", KEY + "\n", "Schlüssel-" + KEY, ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CommerceLayerBackendHeaders.builder().backendAuth(bad));
            assertTrue(e.getMessage().startsWith("backendAuth: "), e.getMessage());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> CommerceLayerBackendHeaders.builder().backendAuth((Secret) null));
        assertThrows(IllegalArgumentException.class, () -> auth.withBackendHeaders(null));
    }

    @Test
    void equalWhenBothValuesAreEqual() {
        assertEquals(headers("203.0.113.7"), headers("203.0.113.7"));
        assertEquals(headers("203.0.113.7").hashCode(), headers("203.0.113.7").hashCode());
        assertNotEquals(headers("203.0.113.7"), headers("203.0.113.8"));
        assertNotEquals(headers("203.0.113.7"), CommerceLayerBackendHeaders.builder().backendAuth("other")
                .trueClientIp("203.0.113.7").build());
    }

    @Test
    void theEmulatorsRateLimitCountsPerForwardedEndUserIpOverRealHttp() {
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().commerceLayerRateLimit(2)
                .commerceLayerBackendAuth(KEY).start()) {
            CommerceLayerAuth commerceLayer = CommerceLayerAuth.builder().baseUrl(emulator.commerceLayerBaseUrl()).build();
            PasswordGrant login = PasswordGrant.builder().clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID)
                    .username(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL)
                    .password(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD)
                    .scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)).build();

            commerceLayer.requestToken(login, headers("203.0.113.7"));
            commerceLayer.requestToken(login, headers("203.0.113.7"));
            RateLimitedException limited = assertThrows(RateLimitedException.class,
                    () -> commerceLayer.requestToken(login, headers("203.0.113.7")));
            assertEquals(429, limited.httpStatus());
            commerceLayer.withBackendHeaders(headers("198.51.100.20")).requestToken(login); // another shopper
            commerceLayer.requestToken(login);                                              // the server itself

            List<RecordedTokenRequest> log = emulator.requests();
            assertEquals(5, log.size());
            assertEquals(429, log.get(2).responseStatus());
            assertEquals("203.0.113.7", log.get(2).trueClientIp());
            assertTrue(log.get(3).backendAuthAccepted());
            assertEquals("198.51.100.20", log.get(3).trueClientIp());
            assertEquals(200, log.get(3).responseStatus());
            assertFalse(log.get(4).backendAuthSent());
            assertEquals(200, log.get(4).responseStatus());
            for (RecordedTokenRequest r : log) {
                assertFalse(r.toString().contains(KEY), r.toString());
            }
        }
    }
}
