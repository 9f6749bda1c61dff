package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.testing.LoopbackServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: on the SDK's own sockets the read timeout lives in the socket (SO_TIMEOUT), not on
 * Okio's watchdog thread ({@link IdleCheckSocketFactory}). Every place a token request can wait
 * for the server still ends after the read timeout, far inside the call timeout: the answer's head,
 * its body, and the TLS handshake. The call timeout is a minute here, so an end within seconds can
 * only be the read timeout's.
 */
class SocketReadTimeoutTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("timeout-client").clientSecret("timeout-client-secret-0123456789").build();
    private static final String TOKEN_ANSWER = "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"expires_in\":7200}";

    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    private static CommerceLayerAuth auth(String baseUrl) {
        return CommerceLayerAuth.builder().baseUrl(baseUrl).clock(fixedClock())
                .readTimeout(READ_TIMEOUT).callTimeout(Duration.ofMinutes(1)).build();
    }

    private static void timesOut(CommerceLayerAuth auth) {
        TransportException e = assertTimeoutPreemptively(WITHIN,
                () -> assertThrows(TransportException.class, () -> auth.requestToken(GRANT)));
        assertTrue(e.isTimeout(), e::getMessage);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterTheReadTimeout() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        timesOut(auth("http://127.0.0.1:" + server.getPort()));
    }

    @Test
    void aBodyThatStallsTimesOutAfterTheReadTimeout() {
        server.enqueue(json(200, TOKEN_ANSWER).throttleBody(8, 5, TimeUnit.SECONDS));
        timesOut(auth("http://127.0.0.1:" + server.getPort()));
    }

    @Test
    void aTlsHandshakeThatStallsTimesOutAfterTheReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(WITHIN.toMillis()); // reads nothing, answers nothing
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            }, "silent-tls-peer");
            acceptor.setDaemon(true);
            acceptor.start();
            timesOut(auth("https://localhost:" + silent.getLocalPort()));
            acceptor.interrupt();
        }
    }

    @Test
    void theHardenedClientKeepsTheReadTimeoutInTheSocketAndSpeaksHttp11() {
        Transport t = new Transport();
        t.readTimeout(Duration.ofSeconds(4));
        okhttp3.OkHttpClient c = t.buildClient();
        assertEquals(0, c.readTimeoutMillis(), "no Okio timeout on reads");
        assertEquals(0, c.writeTimeoutMillis(), "no Okio timeout on writes");
        assertEquals(4000, ((IdleCheckSocketFactory) c.socketFactory()).readTimeoutMillis());
        assertEquals(java.util.Collections.singletonList(okhttp3.Protocol.HTTP_1_1), c.protocols());
        assertEquals(IdleCheckSocketFactory.withReadTimeout(4000), c.socketFactory(),
                "equal factories for equal timeouts, so clients share pooled connections");
    }
}
