package dev.commerceauth.emulator;

import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_MARKET_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI;
import static dev.commerceauth.emulator.DemoCredentials.SELLYTICS_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.SELLYTICS_CLIENT_SECRET;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_ACCESS_KEY_ID;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_ADMIN_PASSWORD;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_ADMIN_USERNAME;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TokenServerEmulatorTest {

    @Test
    void urlLayout() {
        try (TokenServerEmulator e = TokenServerEmulator.builder().start()) {
            String base = "http://127.0.0.1:" + e.port();
            assertEquals(base, e.baseUrl());
            assertEquals(base + "/sellytics/realms/sellytics/protocol/openid-connect/token", e.sellyticsTokenUrl());
            assertEquals(base + "/sellytics/realms/sellytics/protocol/openid-connect/revoke", e.sellyticsRevokeUrl());
            assertEquals(base + "/shopware", e.shopwareUrl());
            assertEquals(base + "/shopware/api/oauth/token", e.shopwareTokenUrl());
            assertEquals(base + "/commercelayer", e.commerceLayerBaseUrl());
            assertEquals(base + "/commercelayer/oauth/token", e.commerceLayerTokenUrl());
            assertEquals(base + "/commercelayer/oauth/revoke", e.commerceLayerRevokeUrl());
            assertEquals(base + "/commercelayer/.well-known/jwks.json", e.commerceLayerJwksUrl());
            assertEquals(base + "/api/echo", e.protectedResourceUrl());
            assertEquals(404, Http.get(base + "/nothing").status());
            assertTrue(e.isRunning());
        }
    }

    @Test
    void fixedPortAndLifecycle() throws Exception {
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            free = s.getLocalPort();
        }
        TokenServerEmulator e = TokenServerEmulator.builder().port(free).build();
        assertThrows(IllegalStateException.class, e::baseUrl);
        assertFalse(e.isRunning());
        assertEquals(e, e.start());
        assertEquals(free, e.port());
        assertThrows(IllegalStateException.class, e::start);
        e.close();
        e.close();
        assertFalse(e.isRunning());
        assertThrows(IllegalStateException.class, e::start);
        assertThrows(RuntimeException.class, () -> Http.get("http://127.0.0.1:" + free + "/api/echo"));
    }

    @Test
    void closeLeavesNoThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<TokenServerEmulator> emulators = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TokenServerEmulator e = TokenServerEmulator.builder().start();
            emulators.add(e);
            e.faults().delayNext(1, Duration.ofSeconds(30));
            // a request stuck in a delay must not keep a thread alive after close()
            Thread stuck = new Thread(() -> {
                try {
                    FaultsTestSupport.shopware(e);
                } catch (RuntimeException ignored) {
                    // the connection is closed by close()
                }
            });
            stuck.setDaemon(true);
            stuck.start();
            long wait = System.nanoTime() + 5_000_000_000L;
            while (e.faults().pending() > 0 && System.nanoTime() < wait) {
                Thread.sleep(10);
            }
            assertEquals(0, e.faults().pending(), "the stuck request took the delay");
            for (int j = 0; j < 20; j++) {
                assertEquals(200, FaultsTestSupport.sellytics(e).status());
            }
        }
        Thread.sleep(200);
        for (TokenServerEmulator e : emulators) {
            e.close();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> leaked;
        do {
            leaked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .map(Thread::getName)
                    .filter(n -> n.startsWith(TokenServerEmulator.THREAD_NAME_PREFIX) || n.startsWith("HTTP-Dispatcher"))
                    .collect(Collectors.toList());
            if (leaked.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), leaked);
    }

    @Test
    void protectedResourceAcceptsOnlyValidUnexpiredUnrevokedTokens() {
        ManualClock clock = ManualClock.startingAt(Instant.now());
        try (TokenServerEmulator e = TokenServerEmulator.builder().clock(clock).tokenLifetime(Duration.ofSeconds(60)).start();
             TokenServerEmulator other = TokenServerEmulator.builder().start()) {
            String token = FaultsTestSupport.sellytics(e).accessToken();
            Http.Reply ok = Http.bearer(e.protectedResourceUrl(), token);
            assertEquals(200, ok.status());
            assertEquals("SELLYTICS", ok.json().get("dialect"));
            assertEquals(SELLYTICS_CLIENT_ID, ok.json().get("client_id"));
            assertEquals(1, e.protectedResourceRequestCount());

            assertInvalidToken(Http.get(e.protectedResourceUrl()));
            assertInvalidToken(Http.get(e.protectedResourceUrl(), "Authorization", "Basic abc"));
            assertInvalidToken(Http.bearer(e.protectedResourceUrl(), "garbage"));
            assertInvalidToken(Http.bearer(e.protectedResourceUrl(), token.substring(0, token.length() - 2) + "xx"));
            // a token of another emulator (another key) is refused
            assertInvalidToken(Http.bearer(e.protectedResourceUrl(), FaultsTestSupport.sellytics(other).accessToken()));

            clock.advance(Duration.ofSeconds(59));
            assertEquals(200, Http.bearer(e.protectedResourceUrl(), token).status());
            clock.advance(Duration.ofSeconds(1));
            assertInvalidToken(Http.bearer(e.protectedResourceUrl(), token));

            String fresh = FaultsTestSupport.sellytics(e).accessToken();
            assertTrue(e.revoke(fresh));
            assertFalse(e.revoke("unknown"));
            assertInvalidToken(Http.bearer(e.protectedResourceUrl(), fresh));

            String another = FaultsTestSupport.sellytics(e).accessToken();
            e.revokeAllTokens();
            assertInvalidToken(Http.bearer(e.protectedResourceUrl(), another));
        }
    }

    private static void assertInvalidToken(Http.Reply r) {
        assertEquals(401, r.status(), r.body());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer error=\"invalid_token\""), r.header("WWW-Authenticate"));
    }

    @Test
    void requestLogAndCountersNeverHoldSecrets() throws Exception {
        try (TokenServerEmulator e = TokenServerEmulator.builder().start()) {
            List<String> tokens = new ArrayList<>();
            tokens.add(FaultsTestSupport.sellytics(e).accessToken());
            Http.Reply basic = Http.postForm(e.sellyticsTokenUrl(), Http.form("grant_type", "client_credentials"),
                    "Authorization", Http.basic(SELLYTICS_CLIENT_ID, SELLYTICS_CLIENT_SECRET));
            tokens.add(basic.accessToken());
            tokens.add(FaultsTestSupport.shopware(e).accessToken());
            Http.Reply admin = Http.postJson(e.shopwareTokenUrl(), Http.json("client_id", "administration",
                    "grant_type", "password", "username", SHOPWARE_ADMIN_USERNAME, "password", SHOPWARE_ADMIN_PASSWORD));
            tokens.add(admin.accessToken());
            tokens.add((String) admin.json().get("refresh_token"));
            Http.Reply cl = Http.postJson(e.commerceLayerTokenUrl(), Http.json("grant_type", "password",
                    "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID, "username", COMMERCELAYER_CUSTOMER_EMAIL,
                    "password", COMMERCELAYER_CUSTOMER_PASSWORD, "scope", "market:id:" + COMMERCELAYER_MARKET_ID));
            tokens.add(cl.accessToken());
            tokens.add((String) cl.json().get("refresh_token"));
            String code = e.issueAuthorizationCode(COMMERCELAYER_WEBAPP_CLIENT_ID, COMMERCELAYER_CUSTOMER_EMAIL);
            Http.postJson(e.commerceLayerTokenUrl(), Http.json("grant_type", "authorization_code",
                    "client_id", COMMERCELAYER_WEBAPP_CLIENT_ID, "client_secret", COMMERCELAYER_WEBAPP_CLIENT_SECRET,
                    "code", code, "redirect_uri", COMMERCELAYER_WEBAPP_REDIRECT_URI));
            Http.postJson(e.commerceLayerRevokeUrl(), Http.json("client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                    "token", cl.accessToken()));
            Http.postForm(e.sellyticsTokenUrl(), Http.form("grant_type", "client_credentials",
                    "client_id", SELLYTICS_CLIENT_ID, "client_secret", "wrong-secret-value"));

            List<RecordedTokenRequest> log = e.requests();
            assertEquals(8, log.size());
            assertEquals(7, e.tokenRequestCount());
            assertEquals(3, e.tokenRequestCount(Dialect.SELLYTICS));
            assertEquals(2, e.tokenRequestCount(Dialect.SHOPWARE));
            assertEquals(2, e.tokenRequestCount(Dialect.COMMERCE_LAYER));
            assertEquals(6, e.issuedTokenCount());
            assertEquals(2, e.issuedTokenCount(Dialect.SHOPWARE));
            assertThrows(UnsupportedOperationException.class, () -> log.add(log.get(0)));

            RecordedTokenRequest first = log.get(0);
            assertEquals(Dialect.SELLYTICS, first.dialect());
            assertEquals("POST", first.method());
            assertEquals("/sellytics/realms/sellytics/protocol/openid-connect/token", first.path());
            assertEquals("client_credentials", first.grantType());
            assertEquals(SELLYTICS_CLIENT_ID, first.clientId());
            assertEquals(200, first.responseStatus());
            assertNotNull(first.timestamp());
            assertEquals(SELLYTICS_CLIENT_ID, log.get(1).clientId(), "client id from HTTP Basic");
            RecordedTokenRequest revoke = log.get(6);
            assertFalse(revoke.isTokenRequest());
            assertEquals(null, revoke.grantType());
            assertEquals(401, log.get(7).responseStatus());

            List<String> secrets = new ArrayList<>(List.of(SELLYTICS_CLIENT_SECRET, SHOPWARE_SECRET_ACCESS_KEY,
                    SHOPWARE_ADMIN_PASSWORD, COMMERCELAYER_CUSTOMER_PASSWORD, COMMERCELAYER_WEBAPP_CLIENT_SECRET,
                    COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "wrong-secret-value", code));
            secrets.addAll(tokens);
            for (RecordedTokenRequest r : log) {
                StringBuilder everything = new StringBuilder(r.toString());
                for (Method m : RecordedTokenRequest.class.getDeclaredMethods()) {
                    if (m.getParameterCount() == 0 && java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                        everything.append('|').append(m.invoke(r));
                    }
                }
                for (String secret : secrets) {
                    assertFalse(everything.toString().contains(secret), "request log leaks a secret: " + r);
                }
            }
            e.resetRequestLog();
            assertEquals(0, e.tokenRequestCount());
            assertEquals(6, e.issuedTokenCount());
        }
    }

    @Test
    void withoutDemoDataOnlyRegisteredClientsWork() {
        try (TokenServerEmulator e = TokenServerEmulator.builder().withDemoData(false)
                .client(EmulatorClient.sellytics("mine", "s3"))
                .client(EmulatorClient.shopwareIntegration("SWUAMINE", "k"))
                .user(EmulatorUser.shopwareAdmin("me", "pw")).start()) {
            assertEquals(401, FaultsTestSupport.sellytics(e).status());
            assertEquals(200, Http.postForm(e.sellyticsTokenUrl(), Http.form("grant_type", "client_credentials",
                    "client_id", "mine", "client_secret", "s3")).status());
            assertEquals(200, Http.postJson(e.shopwareTokenUrl(), Http.json("grant_type", "client_credentials",
                    "client_id", "SWUAMINE", "client_secret", "k")).status());
            assertEquals(200, Http.postJson(e.shopwareTokenUrl(), Http.json("grant_type", "password",
                    "client_id", "administration", "username", "me", "password", "pw")).status());
            assertThrows(IllegalArgumentException.class,
                    () -> e.issueAuthorizationCode(COMMERCELAYER_WEBAPP_CLIENT_ID, COMMERCELAYER_CUSTOMER_EMAIL));
        }
    }

    @Test
    void lifetimesApplyToAllDialectsUnlessOverridden() {
        try (TokenServerEmulator e = TokenServerEmulator.builder().tokenLifetime(Duration.ofSeconds(30))
                .sellyticsTokenLifetime(Duration.ofSeconds(90)).start()) {
            assertEquals(90L, FaultsTestSupport.sellytics(e).json().get("expires_in"));
            assertEquals(30L, FaultsTestSupport.shopware(e).json().get("expires_in"));
            assertEquals(30L, Http.postJson(e.commerceLayerTokenUrl(), Http.json("grant_type", "client_credentials",
                    "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID, "scope", "market:id:" + COMMERCELAYER_MARKET_ID))
                    .json().get("expires_in"));
        }
    }

    @Test
    void builderValidatesArguments() {
        TokenServerEmulator.Builder b = TokenServerEmulator.builder();
        assertThrows(IllegalArgumentException.class, () -> b.port(-1));
        assertThrows(IllegalArgumentException.class, () -> b.port(65536));
        assertThrows(IllegalArgumentException.class, () -> b.tokenLifetime(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> b.clock(null));
        assertThrows(IllegalArgumentException.class, () -> b.commerceLayerRateLimit(-1));
        assertThrows(IllegalArgumentException.class, () -> EmulatorClient.shopwareIntegration("NOPE", "x"));
        assertThrows(IllegalArgumentException.class, () -> EmulatorClient.sellytics("", "x"));
        assertThrows(NullPointerException.class, () -> EmulatorUser.shopwareAdmin("a", null));
        assertFalse(EmulatorClient.sellytics("id", "very-secret").toString().contains("very-secret"));
        assertFalse(EmulatorUser.commerceLayerCustomer("a@b", "very-secret").toString().contains("very-secret"));
    }

    @Test
    void demoCredentialsMatchTheBrief() {
        assertTrue(SHOPWARE_ACCESS_KEY_ID.startsWith("SWIA"));
        assertEquals("xYZkjABcde", COMMERCELAYER_MARKET_ID);
    }
}
