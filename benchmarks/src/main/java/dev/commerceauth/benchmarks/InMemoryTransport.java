package dev.commerceauth.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} for OkHttp whose sockets never touch the network: every complete HTTP
 * request written to one is answered with the same recorded response bytes. OkHttp's whole
 * HTTP/1.1 stack still runs (connection pool, codec, timeouts, health checks), but there is no
 * kernel, no server thread and no vCPU wake-up in the loop, so a benchmark over it measures the
 * client's own work per request and hardly depends on the machine's other load.
 */
final class InMemoryTransport extends SocketFactory {

    private final byte[] response;

    /** Answers every request with HTTP 200, {@code Content-Type: application/json} and {@code body}. */
    InMemoryTransport(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        response = new byte[h.length + b.length];
        System.arraycopy(h, 0, response, 0, h.length);
        System.arraycopy(b, 0, response, h.length, b.length);
    }

    @Override
    public Socket createSocket() {
        return new CannedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) {
        return new CannedSocket();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        return new CannedSocket();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        return new CannedSocket();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        return new CannedSocket();
    }

    /** One connection: parses requests written to it, and serves one response per complete request. */
    private final class CannedSocket extends Socket {
        private final ByteArrayOutputStream request = new ByteArrayOutputStream();
        private int pending; // complete requests not yet answered
        private int readPos = response.length; // nothing to read until a request arrives
        private boolean closed;

        @Override
        public void connect(SocketAddress endpoint, int timeout) {
        }

        @Override
        public synchronized void close() {
            closed = true;
        }

        @Override
        public synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public OutputStream getOutputStream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    synchronized (CannedSocket.this) {
                        if (closed) {
                            throw new IOException("socket closed");
                        }
                        request.write(b, off, len);
                        takeCompleteRequests();
                    }
                }
            };
        }

        @Override
        public InputStream getInputStream() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    synchronized (CannedSocket.this) {
                        if (closed) {
                            throw new IOException("socket closed");
                        }
                        if (readPos == response.length) {
                            if (pending == 0) {
                                // Nothing was asked: behave like a read that timed out (OkHttp's health check).
                                throw new SocketTimeoutException("no request pending");
                            }
                            pending--;
                            readPos = 0;
                        }
                        int n = Math.min(len, response.length - readPos);
                        System.arraycopy(response, readPos, b, off, n);
                        readPos += n;
                        return n;
                    }
                }
            };
        }

        /** Moves every complete request (head plus Content-Length bytes of body) out of the buffer. */
        private void takeCompleteRequests() {
            for (;;) {
                byte[] buf = request.toByteArray();
                String text = new String(buf, StandardCharsets.ISO_8859_1);
                int headEnd = text.indexOf("\r\n\r\n");
                if (headEnd < 0) {
                    return;
                }
                int length = 0;
                for (String line : text.substring(0, headEnd).split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                int total = headEnd + 4 + length;
                if (buf.length < total) {
                    return;
                }
                pending++;
                request.reset();
                request.write(buf, total, buf.length - total);
            }
        }
    }
}
