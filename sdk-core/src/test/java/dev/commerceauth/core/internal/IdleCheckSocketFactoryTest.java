package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the sockets of the hardened clients answer OkHttp 3's health check read (1 ms timeout)
 * at once on a connection whose last read was moments ago, and let it run on one idle for the
 * threshold or longer. A stepping clock stands in for the passing of idle time.
 */
class IdleCheckSocketFactoryTest {

    private static final long THRESHOLD = 1_000_000_000L;
    private static final int READ_TIMEOUT_MILLIS = 200;

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final IdleCheckSocketFactory factory = new IdleCheckSocketFactory(THRESHOLD, READ_TIMEOUT_MILLIS, now::get);
    private ServerSocket server;
    private Socket client;
    private Socket accepted;

    @BeforeEach
    void connect() throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        accepted = server.accept();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        accepted.close();
        server.close();
    }

    /** Reads the server's close with an ordinary (long) timeout, so the end of stream is known to be there. */
    private InputStream closedByServer() throws Exception {
        accepted.close();
        client.setSoTimeout(30_000);
        InputStream in = client.getInputStream();
        assertEquals(-1, in.read(), "the server's close arrived");
        return in;
    }

    @Test
    void theHealthCheckOnAConnectionInUseMomentsAgoEndsAtOnceAsGood() throws Exception {
        InputStream in = closedByServer();
        client.setSoTimeout(IdleCheckSocketFactory.HEALTH_CHECK_TIMEOUT_MILLIS);
        now.addAndGet(THRESHOLD - 1);
        assertThrows(SocketTimeoutException.class, in::read, "skipped: OkHttp takes the timeout as healthy");
        assertThrows(SocketTimeoutException.class, () -> in.read(new byte[8], 0, 8));
    }

    @Test
    void aConnectionIdleForTheThresholdGetsTheRealCheck() throws Exception {
        InputStream in = closedByServer();
        client.setSoTimeout(IdleCheckSocketFactory.HEALTH_CHECK_TIMEOUT_MILLIS);
        now.addAndGet(THRESHOLD);
        assertEquals(-1, in.read(), "the real read sees that the server closed the connection");
        assertEquals(-1, in.read(new byte[8], 0, 8));
    }

    @Test
    void ordinaryReadsAreNeverCutShort() throws Exception {
        InputStream in = closedByServer(); // a 30 s timeout: read for real although the socket is young
        assertEquals(-1, in.read(new byte[8], 0, 8));
    }

    @Test
    void dataAlreadyThereIsReadEvenDuringTheCheck() throws Exception {
        accepted.getOutputStream().write(42);
        accepted.getOutputStream().flush();
        client.setSoTimeout(30_000);
        InputStream in = client.getInputStream();
        while (in.available() == 0) {
            Thread.yield(); // until the byte is in the client's receive buffer
        }
        client.setSoTimeout(IdleCheckSocketFactory.HEALTH_CHECK_TIMEOUT_MILLIS);
        assertEquals(42, in.read(), "as OkHttp's own check: a byte is there, the read returns it");
    }

    @Test
    void theIdleTimeCountsFromTheLastReadThatReturnedData() throws Exception {
        client.setSoTimeout(30_000);
        InputStream in = client.getInputStream();
        now.addAndGet(THRESHOLD * 5); // idle for long ...
        accepted.getOutputStream().write(new byte[] {1, 2});
        accepted.getOutputStream().flush();
        assertEquals(1, in.read()); // ... then in use again
        assertEquals(2, in.read());
        accepted.close();
        assertEquals(-1, in.read(new byte[8], 0, 8));
        client.setSoTimeout(IdleCheckSocketFactory.HEALTH_CHECK_TIMEOUT_MILLIS);
        assertThrows(SocketTimeoutException.class, in::read, "in use moments ago: skipped");
        now.addAndGet(THRESHOLD);
        assertEquals(-1, in.read(), "idle for the threshold since: checked");
    }

    @Test
    void socketsAreMadeLikeTheDefaultFactorysAndConnectedWhenAsked() throws Exception {
        Socket unconnected = factory.createSocket();
        assertEquals(false, unconnected.isConnected());
        unconnected.close();
        try (Socket byName = factory.createSocket("127.0.0.1", server.getLocalPort()); Socket peer = server.accept()) {
            assertEquals(true, byName.isConnected());
            assertEquals(byName.getLocalPort(), peer.getPort());
        }
    }

    @Test
    void askedForNoTimeoutASocketAppliesItsFactorysReadTimeoutAndAnyOtherAsAsked() throws Exception {
        assertEquals(READ_TIMEOUT_MILLIS, client.getSoTimeout(), "from the start");
        client.setSoTimeout(5_000);
        assertEquals(5_000, client.getSoTimeout());
        client.setSoTimeout(0);
        assertEquals(READ_TIMEOUT_MILLIS, client.getSoTimeout(), "never an endless read");
        assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read(), "the server sends nothing");
        try (Socket unbounded = new IdleCheckSocketFactory(THRESHOLD, 0, now::get).createSocket()) {
            assertEquals(0, unbounded.getSoTimeout(), "a factory without a read timeout leaves 0 as it is");
        }
    }

    @Test
    void factoriesAreEqualForEqualReadTimeouts() {
        assertEquals(IdleCheckSocketFactory.withReadTimeout(30_000), IdleCheckSocketFactory.withReadTimeout(30_000));
        assertEquals(IdleCheckSocketFactory.withReadTimeout(30_000).hashCode(),
                IdleCheckSocketFactory.withReadTimeout(30_000).hashCode());
        assertNotEquals(IdleCheckSocketFactory.withReadTimeout(30_000), IdleCheckSocketFactory.withReadTimeout(4_000));
        assertNotEquals(IdleCheckSocketFactory.withReadTimeout(30_000), factory, "another clock");
        assertThrows(IllegalArgumentException.class, () -> IdleCheckSocketFactory.withReadTimeout(0));
    }
}
