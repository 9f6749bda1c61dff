package dev.commerceauth.commercelayer;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TokenVerificationException;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.core.internal.JwksVerifier;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.testing.RsaJwts;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review finding E: JWKS refetches are rate-limited even after a failed fetch, no lock is held
 * during the fetch, concurrent needs share one fetch, and an unusable 200 JWKS answer is an
 * {@link InvalidResponseException}, not a retryable {@link TransportException}.
 */
class JwksRefetchRateLimitTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static KeyPair keys;

    private MockWebServer server;
    private ManualClock clock;
    private CommerceLayerAuth auth;
    private String issuer;


    @BeforeAll
    static void generateKeys() throws Exception {
        keys = RsaJwts.keyPair();
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        issuer = server.url("/").toString().replaceAll("/$", "");
        clock = ManualClock.startingAt(NOW);
        auth = CommerceLayerAuth.builder().baseUrl(issuer).clock(clock).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private String token(String kid) throws Exception {
        String payload = "{\"organization\":{\"id\":\"o1\",\"slug\":\"the-blue-brand\"},\"application\":{\"kind\":\"integration\"},"
                + "\"iss\":\"" + issuer + "\",\"exp\":" + (NOW.getEpochSecond() + 7200) + ",\"iat\":" + NOW.getEpochSecond() + "}";
        return RsaJwts.sign("{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}", payload, keys);
    }

    @Test
    void failingJwksIsNotRefetchedWithinTheInterval() throws Exception {
        String token = token("key-1");
        server.enqueue(json(500, "{\"errors\":[{\"code\":\"INTERNAL_SERVER_ERROR\"}]}"));
        InvalidResponseException first = assertThrows(InvalidResponseException.class, () -> auth.verify(token));
        assertTrue(first.isRetryable());
        for (int i = 0; i < 5; i++) {
            InvalidResponseException again = assertThrows(InvalidResponseException.class, () -> auth.verify(token));
            assertTrue(again.getMessage().contains("Not fetched again before"), again.getMessage());
            assertEquals(500, again.httpStatus());
        }
        assertEquals(1, server.getRequestCount());

        clock.advance(JwksVerifier.MIN_REFETCH_INTERVAL);
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        assertEquals("the-blue-brand", auth.verify(token).organizationSlug());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void unreachableJwksIsATransportFailureNotRetriedWithinTheInterval() throws Exception {
        String token = token("key-1");
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        assertThrows(TransportException.class, () -> auth.verify(token));
        TransportException again = assertThrows(TransportException.class, () -> auth.verify(token));
        assertTrue(again.getMessage().contains("Not fetched again before"), again.getMessage());
        assertEquals(1, server.getRequestCount());
        clock.advance(Duration.ofSeconds(29));
        assertThrows(TransportException.class, () -> auth.verify(token));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void unknownKidRefetchesOncePerInterval() throws Exception {
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        auth.verify(token("key-1"));
        String rotated = token("key-2");
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1", "key-2")));
        for (int i = 0; i < 3; i++) {
            assertThrows(TokenVerificationException.class, () -> auth.verify(rotated));
        }
        assertEquals(1, server.getRequestCount());
        clock.advance(JwksVerifier.MIN_REFETCH_INTERVAL);
        assertEquals("the-blue-brand", auth.verify(rotated).organizationSlug());
        auth.verify(token("key-1"));
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void nonJsonJwksIsAnInvalidResponse() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html")
                .setBody("<html>login</html>"));
        InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> auth.verify(token("key-1")));
        assertFalse(e.isRetryable());
        assertEquals(200, e.httpStatus());
        assertTrue(e.getMessage().contains("not a JSON object (text/html)"), e.getMessage());

        clock.advance(JwksVerifier.MIN_REFETCH_INTERVAL);
        server.enqueue(json(200, "{\"error\":\"server_error\"}"));
        assertThrows(InvalidResponseException.class, () -> auth.verify(token("key-1")));
    }

    @Test
    void noLockIsHeldDuringTheFetchAndConcurrentNeedsShareIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (fetches.incrementAndGet() == 1) {
                    return json(200, RsaJwts.jwks(keys, "key-1"));
                }
                release.await(20, TimeUnit.SECONDS);
                return json(200, RsaJwts.jwks(keys, "key-1", "key-2"));
            }
        });
        String cached = token("key-1");
        String rotated = token("key-2");
        auth.verify(cached);
        assertNotNull(server.takeRequest(20, TimeUnit.SECONDS));
        clock.advance(JwksVerifier.MIN_REFETCH_INTERVAL);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CommerceLayerClaims> a = pool.submit(() -> auth.verify(rotated));
            // the refetch is under way and blocked in the server
            assertNotNull(server.takeRequest(20, TimeUnit.SECONDS), "no refetch after the interval");
            Future<CommerceLayerClaims> b = pool.submit(() -> auth.verify(rotated));
            // a cached key verifies while the fetch hangs: no lock is held during the I/O
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> auth.verify(cached));
            release.countDown();
            assertEquals("the-blue-brand", a.get(20, TimeUnit.SECONDS).organizationSlug());
            assertEquals("the-blue-brand", b.get(20, TimeUnit.SECONDS).organizationSlug());
            assertEquals(2, fetches.get());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
