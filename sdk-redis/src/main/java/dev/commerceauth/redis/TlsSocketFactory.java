package dev.commerceauth.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Opens the TLS connections of {@code rediss://}: TCP within the connect timeout (trying each
 * address of the host), then a TLS handshake bounded by the command timeout that verifies the
 * certificate chain against the given factory's trust and the host name against the certificate
 * ({@code HTTPS} endpoint identification), with SNI for host names.
 */
final class TlsSocketFactory implements JedisSocketFactory {

    private final String host;
    private final int port;
    private final SSLSocketFactory factory;
    private final int connectTimeoutMillis;
    private final int commandTimeoutMillis;

    TlsSocketFactory(String host, int port, SSLSocketFactory factory, int connectTimeoutMillis,
            int commandTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.factory = factory;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.commandTimeoutMillis = commandTimeoutMillis;
    }

    @Override
    public Socket createSocket() {
        Socket plain = null;
        try {
            plain = connect();
            plain.setSoTimeout(commandTimeoutMillis);
            SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return tls;
        } catch (IOException e) {
            closeQuietly(plain);
            throw new JedisConnectionException("TLS connection failed", e);
        } catch (RuntimeException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    private Socket connect() throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(host)) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last != null ? last : new IOException("no address");
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
