package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.testing.LoopbackServer;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: token requests reuse a pooled connection without OkHttp 3's 1 ms health check read
 * when the connection was in use moments ago, and still detect a connection the server closed
 * while it sat idle for longer (the check runs then), without ever sending a request twice. The
 * server closes a connection after its answer without saying so ({@code DISCONNECT_AT_END}), as a
 * server's idle timeout does; the next answer is queued as bait, so a silent re-send would show.
 */
class StalePooledConnectionTest {

    private static final String SECRET = "pool-client-secret-0123456789";
    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("pool-client").clientSecret(SECRET).build();
    private static final String TOKEN_ANSWER = "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"expires_in\":7200}";
    private static final long IDLE_BEYOND_THRESHOLD_MILLIS =
            TimeUnit.NANOSECONDS.toMillis(IdleCheckSocketFactory.CHECK_AFTER_IDLE_NANOS) + 300;

    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    private CommerceLayerAuth plainAuth() throws Exception {
        return CommerceLayerAuth.builder().baseUrl("http://127.0.0.1:" + server.getPort()).clock(fixedClock()).build();
    }

    @Test
    void aLiveConnectionIsReusedForTheNextTokenRequest() throws Exception {
        CommerceLayerAuth auth = plainAuth();
        server.enqueue(json(200, TOKEN_ANSWER));
        server.enqueue(json(200, TOKEN_ANSWER));
        assertEquals("at-1", auth.requestToken(GRANT).value());
        assertEquals("at-1", auth.requestToken(GRANT).value());
        assertEquals(0, server.takeRequest().getSequenceNumber());
        assertEquals(1, server.takeRequest().getSequenceNumber(), "the second request went over the same connection");
    }

    @Test
    void aConnectionClosedWhileIdleBeyondTheThresholdIsDetectedAndTheRequestSentOnce() throws Exception {
        CommerceLayerAuth auth = plainAuth();
        server.enqueue(json(200, TOKEN_ANSWER).setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        server.enqueue(json(200, TOKEN_ANSWER));
        server.enqueue(json(200, TOKEN_ANSWER)); // bait for a re-send
        assertEquals("at-1", auth.requestToken(GRANT).value());
        Thread.sleep(IDLE_BEYOND_THRESHOLD_MILLIS); // the pooled connection, closed by the server, idles

        assertEquals("at-1", auth.requestToken(GRANT).value(), "the stale connection was checked and replaced");
        assertEquals(2, server.getRequestCount(), "one request per token request, none re-sent");
        assertEquals(0, server.takeRequest().getSequenceNumber());
        assertEquals(0, server.takeRequest().getSequenceNumber(), "the second request went over a new connection");
    }

    @Test
    void aConnectionClosedMomentsAfterItsAnswerFailsTheRequestAndNothingIsResent() throws Exception {
        CommerceLayerAuth auth = plainAuth();
        server.enqueue(json(200, TOKEN_ANSWER).setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        server.enqueue(json(200, TOKEN_ANSWER)); // bait for a re-send
        assertEquals("at-1", auth.requestToken(GRANT).value());

        // no check on a connection in use moments ago (as OkHttp 4): the request goes out on the closed
        // connection and fails; the SDK never sends it again on a new one
        TransportException e = assertThrows(TransportException.class, () -> auth.requestToken(GRANT));
        assertEquals(1, server.getRequestCount(), "the failed request was not re-sent");
        assertFalse(e.getMessage().contains(SECRET));
    }

    private CommerceLayerAuth tlsAuth() throws Exception {
        HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).build();
        HeldCertificate cert = new HeldCertificate.Builder().signedBy(root).addSubjectAlternativeName("localhost").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory(), false);
        HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build();
        OkHttpClient caller = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
        return CommerceLayerAuth.builder().baseUrl("https://localhost:" + server.getPort())
                .okHttpClient(caller).clock(fixedClock()).build();
    }

    @Test
    void overTlsALiveConnectionIsReusedAndAStaleOneIdleBeyondTheThresholdReplaced() throws Exception {
        CommerceLayerAuth auth = tlsAuth();
        server.enqueue(json(200, TOKEN_ANSWER));
        server.enqueue(json(200, TOKEN_ANSWER).setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        server.enqueue(json(200, TOKEN_ANSWER));
        server.enqueue(json(200, TOKEN_ANSWER)); // bait for a re-send

        assertEquals("at-1", auth.requestToken(GRANT).value());
        assertEquals("at-1", auth.requestToken(GRANT).value());
        Thread.sleep(IDLE_BEYOND_THRESHOLD_MILLIS);
        assertEquals("at-1", auth.requestToken(GRANT).value());

        assertEquals(3, server.getRequestCount());
        assertEquals(0, server.takeRequest().getSequenceNumber());
        assertEquals(1, server.takeRequest().getSequenceNumber(), "reused at once over TLS");
        assertEquals(0, server.takeRequest().getSequenceNumber(), "the closed connection was replaced");
    }

    @Test
    void theHardenedClientUsesTheIdleCheckSocketsUnlessTheCallerHasItsOwnFactory() {
        Transport byDefault = new Transport();
        IdleCheckSocketFactory sdkSockets = IdleCheckSocketFactory.withReadTimeout(Transport.DEFAULT_READ_TIMEOUT.toMillis());
        assertEquals(sdkSockets, byDefault.buildClient().socketFactory());
        Transport onACallersClient = new Transport();
        onACallersClient.baseClient(new OkHttpClient());
        assertEquals(sdkSockets, onACallersClient.buildClient().socketFactory());

        SocketFactory own = new SocketFactory() {
            @Override
            public java.net.Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.net.Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.net.Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.net.Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw new UnsupportedOperationException();
            }
        };
        Transport withOwnFactory = new Transport();
        withOwnFactory.baseClient(new OkHttpClient.Builder().socketFactory(own).build());
        OkHttpClient onOwnSockets = withOwnFactory.buildClient();
        assertSame(own, onOwnSockets.socketFactory(), "a caller's socket factory is kept");
        assertEquals(Transport.DEFAULT_READ_TIMEOUT.toMillis(), onOwnSockets.readTimeoutMillis(), "with OkHttp's timeouts");
        assertEquals(Transport.DEFAULT_READ_TIMEOUT.toMillis(), onOwnSockets.writeTimeoutMillis());
    }
}
