package dev.commerceauth.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.SocketFactory;

/**
 * Internal: the socket factory of the hardened clients (in place of the JDK's default factory),
 * whose sockets let OkHttp 3's health check of a pooled connection skip its wait when the
 * connection was in use moments ago, as OkHttp 4 does.
 *
 * <p>Before every request that is not a {@code GET} (every token request is a {@code POST}),
 * OkHttp 3.14.9 checks a pooled HTTP/1.1 connection with a blocking read under a 1 ms socket
 * timeout ({@code RealConnection.isHealthy(true)}): end of stream means the server closed it, a
 * timeout means it is good. On a live connection nothing arrives, so every token request on a
 * reused connection waited about a millisecond doing nothing, several times what the rest of the
 * request costs over loopback. OkHttp 4 does that read only on a connection idle for 10 s or more.
 *
 * <p>These sockets do the same from below: a read under a 1 ms timeout (OkHttp's health check; the
 * SDK's own read timeouts are far longer) on a socket whose last read returned data less than
 * {@link #CHECK_AFTER_IDLE_NANOS} ago, with nothing buffered, ends at once with the timeout OkHttp
 * takes as "good". A connection idle for longer gets OkHttp's real check, which sees a close by
 * the server and makes OkHttp open a new connection. Over TLS the JDK's {@code SSLSocket} reads
 * through the plain socket beneath it, so the same holds. The threshold is 1 s, not OkHttp 4's
 * 10 s: OkHttp 4 retries a request that failed on a stale connection, the SDK never re-sends one
 * ({@link SendOnce}), so it checks every connection a server may have closed for being idle (idle
 * timeouts are seconds: 5 s for Apache's and Node's defaults). A connection closed by its server
 * within 1 s of its last answer without saying so ({@code Connection: close}) fails the request
 * with a transport error (never a silent re-send); the caller, or the cache's backoff, retries.
 *
 * <p><b>Read timeouts in the kernel, not on a watchdog thread.</b> OkHttp 3 enforces its read and
 * write timeouts with Okio's {@code AsyncTimeout}: every read and write under a timeout enters a
 * queue that the {@code Okio Watchdog} thread serves, and each entry earlier than the queue's head
 * wakes that thread, several times per token request. The hardened clients on these sockets
 * therefore give OkHttp no read or write timeout ({@link Transport}); the socket applies its
 * factory's {@link #readTimeoutMillis() read timeout} instead whenever OkHttp asks for none
 * ({@code setSoTimeout(0)}), so every blocking read, the TLS handshake's included, ends with a
 * {@link SocketTimeoutException} after that long, as {@code HttpURLConnection} does it. Writes of a
 * token request (a few KB, which the kernel's send buffer takes at once) stay bounded by the call
 * timeout. OkHttp's own shorter timeouts (the health check's 1 ms) are applied as asked.
 *
 * <p>Factories are equal when their threshold, read timeout and clock are: OkHttp reuses a pooled
 * connection only for an equal socket factory, so hardened clients with the same read timeout share
 * connections. Plain sockets are made as the JDK's default factory makes them ({@code new Socket()});
 * a caller's own socket factory is kept as it is (and its connections get OkHttp's unchanged check
 * and timeouts).
 */
final class IdleCheckSocketFactory extends SocketFactory {

    /** A pooled connection idle for this long or longer gets OkHttp's blocking check. */
    static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The soTimeout, in ms, that OkHttp 3.14.9 sets for its health check read and never otherwise. */
    static final int HEALTH_CHECK_TIMEOUT_MILLIS = 1;

    private static final LongSupplier SYSTEM_NANO_TIME = System::nanoTime;

    private final long checkAfterIdleNanos;
    private final int readTimeoutMillis;
    private final LongSupplier nanoTime;

    /**
     * A factory with its own threshold and clock (tests).
     *
     * @param checkAfterIdleNanos idle time from which the health check runs
     * @param readTimeoutMillis the read timeout its sockets apply when asked for none; 0 for none
     * @param nanoTime the monotonic clock
     */
    IdleCheckSocketFactory(long checkAfterIdleNanos, int readTimeoutMillis, LongSupplier nanoTime) {
        if (readTimeoutMillis < 0) {
            throw new IllegalArgumentException("readTimeoutMillis must not be negative");
        }
        this.checkAfterIdleNanos = checkAfterIdleNanos;
        this.readTimeoutMillis = readTimeoutMillis;
        this.nanoTime = nanoTime;
    }

    /**
     * The factory of a hardened client on the JDK's default socket factory: the 1 s threshold, the
     * system's monotonic clock, and the given read timeout.
     *
     * @param readTimeoutMillis the client's read timeout, in ms; positive
     * @return a factory equal to every other one with that read timeout
     */
    static IdleCheckSocketFactory withReadTimeout(long readTimeoutMillis) {
        if (readTimeoutMillis <= 0 || readTimeoutMillis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("readTimeoutMillis must be between 1 and " + Integer.MAX_VALUE);
        }
        return new IdleCheckSocketFactory(CHECK_AFTER_IDLE_NANOS, (int) readTimeoutMillis, SYSTEM_NANO_TIME);
    }

    /**
     * The read timeout its sockets apply when OkHttp asks for none.
     *
     * @return the timeout in ms; 0 for none
     */
    int readTimeoutMillis() {
        return readTimeoutMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IdleCheckSocketFactory)) {
            return false;
        }
        IdleCheckSocketFactory other = (IdleCheckSocketFactory) o;
        return checkAfterIdleNanos == other.checkAfterIdleNanos && readTimeoutMillis == other.readTimeoutMillis
                && nanoTime == other.nanoTime;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(checkAfterIdleNanos) + readTimeoutMillis;
    }

    @Override
    public Socket createSocket() throws IOException {
        return new IdleCheckSocket(this);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A plain socket that knows when its last read returned data and what its read timeout is, and
     * that applies its factory's read timeout when asked for none.
     */
    static final class IdleCheckSocket extends Socket {
        private final IdleCheckSocketFactory factory;
        private volatile long lastReadNanos;
        private volatile int soTimeout;
        private InputStream in;

        IdleCheckSocket(IdleCheckSocketFactory factory) throws SocketException {
            this.factory = factory;
            this.lastReadNanos = factory.nanoTime.getAsLong();
            setSoTimeout(0); // the factory's read timeout from the start
        }

        /** Applies the factory's read timeout when asked for none (0), any other timeout as asked. */
        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            int applied = timeout == 0 ? factory.readTimeoutMillis : timeout;
            super.setSoTimeout(applied);
            soTimeout = applied;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            InputStream delegate = super.getInputStream();
            synchronized (this) {
                if (in == null) {
                    in = new Input(delegate);
                }
                return in;
            }
        }

        /** Whether a read now is OkHttp's health check of a connection that was in use moments ago. */
        boolean recentlyUsedHealthCheck(InputStream delegate) throws IOException {
            return soTimeout == HEALTH_CHECK_TIMEOUT_MILLIS
                    && factory.nanoTime.getAsLong() - lastReadNanos < factory.checkAfterIdleNanos
                    && delegate.available() == 0;
        }

        private final class Input extends InputStream {
            private final InputStream delegate;

            Input(InputStream delegate) {
                this.delegate = delegate;
            }

            @Override
            public int read() throws IOException {
                if (recentlyUsedHealthCheck(delegate)) {
                    throw new HealthCheckSkipped();
                }
                int b = delegate.read();
                if (b >= 0) {
                    lastReadNanos = factory.nanoTime.getAsLong();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len > 0 && recentlyUsedHealthCheck(delegate)) {
                    throw new HealthCheckSkipped();
                }
                int n = delegate.read(b, off, len);
                if (n > 0) {
                    lastReadNanos = factory.nanoTime.getAsLong();
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                return delegate.skip(n);
            }

            @Override
            public int available() throws IOException {
                return delegate.available();
            }

            @Override
            public void close() throws IOException {
                delegate.close();
            }
        }
    }

    /** The timeout the health check would have ended with, without its wait and its stack trace. */
    static final class HealthCheckSkipped extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        HealthCheckSkipped() {
            super("connection in use moments ago; OkHttp's health check skipped");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
