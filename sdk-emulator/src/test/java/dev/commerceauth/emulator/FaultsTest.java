package dev.commerceauth.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_MARKET_ID;
import static dev.commerceauth.emulator.DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.SELLYTICS_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.SELLYTICS_CLIENT_SECRET;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_ACCESS_KEY_ID;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsTest {

    static TokenServerEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = TokenServerEmulator.builder().commerceLayerRateLimit(0).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.faults().reset();
        emulator.resetRequestLog();
    }

    static Http.Reply sellytics() {
        return Http.postForm(emulator.sellyticsTokenUrl(), Http.form("grant_type", "client_credentials",
                "client_id", SELLYTICS_CLIENT_ID, "client_secret", SELLYTICS_CLIENT_SECRET));
    }

    static Http.Reply shopware() {
        return Http.postJson(emulator.shopwareTokenUrl(), Http.json("grant_type", "client_credentials",
                "client_id", SHOPWARE_ACCESS_KEY_ID, "client_secret", SHOPWARE_SECRET_ACCESS_KEY));
    }

    static Http.Reply commerceLayer() {
        return Http.postJson(emulator.commerceLayerTokenUrl(), Http.json("grant_type", "client_credentials",
                "client_id", COMMERCELAYER_SALES_CHANNEL_CLIENT_ID, "scope", "market:id:" + COMMERCELAYER_MARKET_ID));
    }

    @Test
    void failNextAnswersInTheDialectOfThePathHit() {
        emulator.faults().failNext(3, 503);
        Http.Reply s = sellytics();
        assertEquals(503, s.status());
        assertEquals("server_error", s.json().get("error"));
        assertEquals("no-store", s.header("Cache-Control"));
        Http.Reply sw = shopware();
        assertEquals(503, sw.status());
        assertEquals("503", sw.firstError().get("status"));
        Http.Reply cl = commerceLayer();
        assertEquals(503, cl.status());
        assertEquals(503L, cl.firstError().get("status"));
        assertEquals("SERVICE_UNAVAILABLE", cl.firstError().get("code"));
        assertEquals(200, sellytics().status());
        assertEquals(0, emulator.faults().pending());
    }

    @Test
    void injected429LooksLikeTheDialectsThrottle() {
        emulator.faults().failNext(2, 429);
        Http.Reply sw = shopware();
        assertEquals("FRAMEWORK__AUTH_THROTTLED", sw.firstError().get("code"));
        assertEquals(Map.of("parameters", Map.of("seconds", 1L)), sw.firstError().get("meta"));
        Http.Reply cl = commerceLayer();
        assertEquals(429, cl.status());
        assertEquals("1", cl.header("Retry-After"));
    }

    @Test
    void failuresAreRecordedWithTheirStatus() {
        emulator.faults().failNext(1, 500);
        sellytics();
        RecordedTokenRequest r = emulator.requests().get(0);
        assertEquals(500, r.responseStatus());
        assertEquals("client_credentials", r.grantType());
        assertEquals(SELLYTICS_CLIENT_ID, r.clientId());
    }

    @Test
    void delayNextDelaysThenAnswersNormally() {
        emulator.faults().delayNext(1, Duration.ofMillis(700));
        long t0 = System.nanoTime();
        assertEquals(200, shopware().status());
        assertTrue(System.nanoTime() - t0 >= 700_000_000L);
        long t1 = System.nanoTime();
        assertEquals(200, shopware().status());
        assertTrue(System.nanoTime() - t1 < 700_000_000L);
    }

    @Test
    void delayAllDelaysEveryRequestUntilReset() {
        emulator.faults().delayAll(Duration.ofMillis(600));
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            assertEquals(200, commerceLayer().status());
            assertTrue(System.nanoTime() - t0 >= 600_000_000L);
        }
        emulator.faults().reset();
        long t0 = System.nanoTime();
        assertEquals(200, commerceLayer().status());
        assertTrue(System.nanoTime() - t0 < 600_000_000L);
    }

    @Test
    void dropNextClosesTheConnectionWithoutResponse() throws IOException {
        emulator.faults().dropNext(1);
        String body = Http.form("grant_type", "client_credentials", "client_id", SELLYTICS_CLIENT_ID,
                "client_secret", SELLYTICS_CLIENT_SECRET);
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /sellytics/realms/sellytics/protocol/openid-connect/token HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertEquals(-1, in.read(), "no response byte before the connection closes");
        }
        assertEquals(0, emulator.requests().get(0).responseStatus());
        assertEquals(200, sellytics().status());
    }

    @Test
    void dropNextMakesHttpClientsFail() {
        emulator.faults().dropNext(2);
        assertThrows(RuntimeException.class, FaultsTest::shopware);
    }

    @Test
    void malformedNextSends200WithTruncatedJson() {
        emulator.faults().malformedNext(1);
        Http.Reply r = commerceLayer();
        assertEquals(200, r.status());
        assertTrue(r.body().startsWith("{\"access_token\":\"eyJ"));
        assertThrows(IllegalArgumentException.class, r::json);
        assertEquals(200, commerceLayer().status());
    }

    @Test
    void faultsApplyInQueueOrderAcrossKinds() {
        emulator.faults().failNext(1, 502).malformedNext(1);
        assertEquals(502, sellytics().status());
        assertThrows(IllegalArgumentException.class, () -> shopware().json());
        assertEquals(200, commerceLayer().status());
    }

    @Test
    void faultsDoNotApplyToJwksOrTheProtectedResource() {
        emulator.faults().failNext(1, 500);
        assertEquals(200, Http.get(emulator.commerceLayerJwksUrl()).status());
        assertEquals(401, Http.get(emulator.protectedResourceUrl()).status());
        assertEquals(1, emulator.faults().pending());
    }

    @Test
    void argumentsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> emulator.faults().failNext(1, 200));
        assertThrows(IllegalArgumentException.class, () -> emulator.faults().dropNext(-1));
        assertThrows(IllegalArgumentException.class, () -> emulator.faults().delayAll(Duration.ofMillis(-1)));
    }
}
