package dev.commerceauth.emulator;

import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_ACCESS_KEY_ID;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_ADMIN_PASSWORD;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_ADMIN_USERNAME;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY;
import static dev.commerceauth.emulator.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopwareDialectTest {

    ManualClock clock = ManualClock.startingAt(Instant.now());
    TokenServerEmulator emulator;

    @BeforeEach
    void start() {
        emulator = TokenServerEmulator.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Http.Reply token(String body) {
        return Http.postJson(emulator.shopwareTokenUrl(), body);
    }

    private Http.Reply login(String password) {
        return token(json("client_id", "administration", "grant_type", "password", "scopes", "write",
                "username", SHOPWARE_ADMIN_USERNAME, "password", password));
    }

    private static void assertShopwareError(Http.Reply r, int status, String code, String title, String detail) {
        assertEquals(status, r.status(), r.body());
        Map<String, Object> error = r.firstError();
        assertEquals(code, error.get("code"));
        assertEquals(String.valueOf(status), error.get("status"));
        if (title != null) {
            assertEquals(title, error.get("title"));
        }
        assertEquals(detail, error.get("detail"));
    }

    @Test
    void integrationClientCredentialsHasNoRefreshToken() {
        Http.Reply r = token(json("grant_type", "client_credentials", "client_id", SHOPWARE_ACCESS_KEY_ID,
                "client_secret", SHOPWARE_SECRET_ACCESS_KEY));
        assertEquals(200, r.status(), r.body());
        assertEquals("Bearer", r.json().get("token_type"));
        assertEquals(600L, r.json().get("expires_in"));
        assertFalse(r.json().containsKey("refresh_token"));
        assertEquals(List.of("token_type", "expires_in", "access_token"), List.copyOf(r.json().keySet()));
        assertEquals("RS256", Http.header(r.accessToken()).get("alg"));
        assertEquals(SHOPWARE_ACCESS_KEY_ID, Http.claims(r.accessToken()).get("aud"));
        assertEquals(200, Http.bearer(emulator.protectedResourceUrl(), r.accessToken()).status());
    }

    @Test
    void formBodyIsParsedToo() {
        Http.Reply r = Http.postForm(emulator.shopwareTokenUrl(), Http.form("grant_type", "client_credentials",
                "client_id", SHOPWARE_ACCESS_KEY_ID, "client_secret", SHOPWARE_SECRET_ACCESS_KEY));
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void passwordGrantReturnsRotatingRefreshToken() {
        Http.Reply first = login(SHOPWARE_ADMIN_PASSWORD);
        assertEquals(200, first.status(), first.body());
        String refresh = (String) first.json().get("refresh_token");
        assertTrue(refresh.startsWith("def50200"));
        assertEquals(List.of("write"), Http.claims(first.accessToken()).get("scopes"));

        Http.Reply second = token(json("grant_type", "refresh_token", "client_id", "administration", "refresh_token", refresh));
        assertEquals(200, second.status(), second.body());
        String rotated = (String) second.json().get("refresh_token");
        assertNotEquals(refresh, rotated);
        // the used refresh token and its access token are revoked
        assertEquals(401, Http.bearer(emulator.protectedResourceUrl(), first.accessToken()).status());
        assertEquals(200, Http.bearer(emulator.protectedResourceUrl(), second.accessToken()).status());
        Http.Reply reuse = token(json("grant_type", "refresh_token", "client_id", "administration", "refresh_token", refresh));
        assertShopwareError(reuse, 401, "8", "The refresh token is invalid.", "Token has been revoked");
        assertEquals(200, token(json("grant_type", "refresh_token", "client_id", "administration",
                "refresh_token", rotated)).status());
    }

    /** Rotation is atomic: of concurrent uses of one refresh token exactly one succeeds. */
    @Test
    void concurrentUsesOfOneRefreshTokenRotateItOnce() throws Exception {
        // a clock that sleeps on every read widens the window between checking and revoking the token
        Clock slow = new Clock() {
            @Override
            public Instant instant() {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return clock.instant();
            }

            @Override
            public ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (TokenServerEmulator slowEmulator = TokenServerEmulator.builder().clock(slow).start()) {
            for (int round = 0; round < 3; round++) {
                Http.Reply first = Http.postJson(slowEmulator.shopwareTokenUrl(), json("client_id", "administration",
                        "grant_type", "password", "scopes", "write", "username", SHOPWARE_ADMIN_USERNAME,
                        "password", SHOPWARE_ADMIN_PASSWORD));
                String refresh = (String) first.json().get("refresh_token");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Http.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    replies.add(pool.submit(() -> {
                        go.await();
                        return Http.postJson(slowEmulator.shopwareTokenUrl(), json("grant_type", "refresh_token",
                                "client_id", "administration", "refresh_token", refresh));
                    }));
                }
                go.countDown();
                int ok = 0;
                for (Future<Http.Reply> f : replies) {
                    Http.Reply r = f.get();
                    if (r.status() == 200) {
                        ok++;
                    } else {
                        assertShopwareError(r, 401, "8", "The refresh token is invalid.", "Token has been revoked");
                    }
                }
                assertEquals(1, ok, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNumberBeyondEveryRangeIsMalformedJsonNotAServerError() {
        Http.Reply r = token("{\"grant_type\":\"client_credentials\",\"n\":1e99999999999}");
        assertEquals(400, r.status(), r.body());
    }

    @Test
    void scopeIsAcceptedAsAliasOfScopes() {
        Http.Reply r = token(json("client_id", "administration", "grant_type", "password", "scope", "write admin",
                "username", SHOPWARE_ADMIN_USERNAME, "password", SHOPWARE_ADMIN_PASSWORD));
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of("write", "admin"), Http.claims(r.accessToken()).get("scopes"));
    }

    @Test
    void unknownScopeIsRejected() {
        Http.Reply r = token(json("client_id", "administration", "grant_type", "password", "scopes", "root",
                "username", SHOPWARE_ADMIN_USERNAME, "password", SHOPWARE_ADMIN_PASSWORD));
        assertShopwareError(r, 400, "5", null, "Check the `root` scope");
    }

    @Test
    void expiredRefreshTokenIsInvalid() {
        String refresh = (String) login(SHOPWARE_ADMIN_PASSWORD).json().get("refresh_token");
        clock.advance(Duration.ofDays(7));
        assertShopwareError(token(json("grant_type", "refresh_token", "client_id", "administration", "refresh_token", refresh)),
                401, "8", "The refresh token is invalid.", "Token has expired");
    }

    @Test
    void unknownRefreshTokenIsInvalid() {
        assertShopwareError(token(json("grant_type", "refresh_token", "client_id", "administration", "refresh_token", "def50200xx")),
                401, "8", "The refresh token is invalid.", "Cannot decrypt the refresh token");
    }

    @Test
    void wrongUserPasswordIs400Code6() {
        assertShopwareError(login("wrong"), 400, "6", "The user credentials were incorrect.", null);
    }

    @Test
    void wrongSecretIs401Code4() {
        assertShopwareError(token(json("grant_type", "client_credentials", "client_id", SHOPWARE_ACCESS_KEY_ID,
                "client_secret", "wrong")), 401, "4", "Client authentication failed", null);
    }

    @Test
    void unknownAccessKeyIs401Code4() {
        assertShopwareError(token(json("grant_type", "client_credentials", "client_id", "SWIAUNKNOWN",
                "client_secret", "x")), 401, "4", "Client authentication failed", null);
    }

    @Test
    void passwordGrantWithOtherClientIdIs401Code4() {
        assertShopwareError(token(json("client_id", "someone", "grant_type", "password",
                "username", SHOPWARE_ADMIN_USERNAME, "password", SHOPWARE_ADMIN_PASSWORD)), 401, "4", null, null);
    }

    @Test
    void unsupportedGrantIs400Code2() {
        Http.Reply r = token(json("grant_type", "implicit", "client_id", "administration"));
        assertShopwareError(r, 400, "2", "The authorization grant type is not supported by the authorization server.",
                "Check that all required parameters have been provided");
    }

    @Test
    void missingUsernameIs400Code3() {
        assertShopwareError(token(json("client_id", "administration", "grant_type", "password", "password", "x")),
                400, "3", null, "Check the `username` parameter");
        assertShopwareError(token(json("grant_type", "refresh_token", "client_id", "administration")),
                400, "3", null, "Check the `refresh_token` parameter");
    }

    @Test
    void accessKeyWithoutPrefixIs500() {
        assertShopwareError(token(json("grant_type", "client_credentials", "client_id", "NOPREFIX", "client_secret", "x")),
                500, "FRAMEWORK__API_INVALID_ACCESS_KEY", null, "Access key is invalid and could not be identified.");
    }

    @Test
    void malformedJsonIs400() {
        Http.Reply r = token("{\"grant_type\":");
        assertEquals(400, r.status());
        assertEquals("400", r.firstError().get("status"));
    }

    @Test
    void defaultThrottleAfterTenFailuresWithoutRetryAfter() {
        for (int i = 0; i < 10; i++) {
            assertEquals(400, login("wrong").status());
        }
        Http.Reply throttled = login(SHOPWARE_ADMIN_PASSWORD);
        assertEquals(429, throttled.status());
        assertNull(throttled.header("Retry-After"));
        Map<String, Object> error = throttled.firstError();
        assertEquals("429", error.get("status"));
        assertEquals("FRAMEWORK__AUTH_THROTTLED", error.get("code"));
        assertEquals("Too Many Requests", error.get("title"));
        assertEquals("Auth throttled for 10 seconds.", error.get("detail"));
        assertEquals(Map.of("parameters", Map.of("seconds", 10L)), error.get("meta"));

        clock.advance(Duration.ofSeconds(4));
        assertEquals(Map.of("parameters", Map.of("seconds", 6L)), login(SHOPWARE_ADMIN_PASSWORD).firstError().get("meta"));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(200, login(SHOPWARE_ADMIN_PASSWORD).status());
    }

    @Test
    void configuredThrottleIsPerUsernameAndResetBySuccess() {
        emulator.close();
        emulator = TokenServerEmulator.builder().clock(clock)
                .shopwareLoginThrottle(2, Duration.ofSeconds(5), Duration.ofSeconds(3))
                .user(EmulatorUser.shopwareAdmin("other", "pw")).start();
        assertEquals(400, login("wrong").status());
        assertEquals(200, login(SHOPWARE_ADMIN_PASSWORD).status());
        assertEquals(400, login("wrong").status());
        assertEquals(400, login("wrong").status());
        Http.Reply throttled = login(SHOPWARE_ADMIN_PASSWORD);
        assertEquals(429, throttled.status());
        assertEquals("Auth throttled for 3 seconds.", throttled.firstError().get("detail"));
        assertEquals(200, token(json("client_id", "administration", "grant_type", "password",
                "username", "other", "password", "pw")).status());
    }

    @Test
    void throttleCanBeDisabled() {
        emulator.close();
        emulator = TokenServerEmulator.builder().clock(clock)
                .shopwareLoginThrottle(0, Duration.ofSeconds(1), Duration.ofSeconds(1)).start();
        for (int i = 0; i < 15; i++) {
            assertEquals(400, login("wrong").status());
        }
    }

    @Test
    void configurableLifetime() {
        emulator.close();
        emulator = TokenServerEmulator.builder().tokenLifetime(Duration.ofSeconds(5))
                .shopwareTokenLifetime(Duration.ofSeconds(42)).start();
        assertEquals(42L, login(SHOPWARE_ADMIN_PASSWORD).json().get("expires_in"));
    }

    @Test
    void unknownPathIs404InShopwareFormat() {
        Http.Reply r = Http.get(emulator.shopwareUrl() + "/api/nothing");
        assertEquals(404, r.status());
        assertEquals("404", r.firstError().get("status"));
    }
}
