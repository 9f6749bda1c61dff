package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.shopware.ShopwareAuth;
import dev.commerceauth.testing.LoopbackServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13 item 6: plain http without the opt-in goes only to a loopback address, directly. A
 * {@code *.localhost} name that resolves elsewhere is refused before any connection is attempted,
 * and {@code localhost} through the caller's proxy is refused before anything is written.
 *
 * <p>No traffic leaves the machine: the caller's client connects through a socket factory that
 * records every connection attempt and refuses (without connecting) any that is not to loopback.
 */
class PlainHttpLoopbackTest {

    private static final String SECRET = "plain-http-secret-0123456789";
    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("SWIA-PLAIN").clientSecret(SECRET).build();
    private static final String TOKEN_ANSWER = "{\"token_type\":\"Bearer\",\"expires_in\":600,\"access_token\":\"at-1\"}";

    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    private final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    /** Records every connection attempt; refuses, without connecting, every one that is not to loopback. */
    private final SocketFactory loopbackOnlySockets = new SocketFactory() {
        @Override
        public Socket createSocket() {
            return new Socket() {
                @Override
                public void connect(SocketAddress endpoint, int timeout) throws IOException {
                    InetSocketAddress a = (InetSocketAddress) endpoint;
                    connects.add(a);
                    if (a.getAddress() == null || !a.getAddress().isLoopbackAddress()) {
                        throw new ConnectException("test: refusing to connect to non-loopback " + a);
                    }
                    super.connect(endpoint, timeout);
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException();
        }
    };

    private OkHttpClient callersClient(String name, byte[] address) {
        Dns dns = host -> {
            lookups.add(host);
            if (host.equals(name)) {
                return Collections.singletonList(InetAddress.getByAddress(name, address));
            }
            return Dns.SYSTEM.lookup(host);
        };
        return new OkHttpClient.Builder().dns(dns).socketFactory(loopbackOnlySockets).build();
    }

    private ShopwareAuth shopware(String shopUrl, OkHttpClient client) {
        return ShopwareAuth.builder().shopUrl(shopUrl).okHttpClient(client).clock(fixedClock()).build();
    }

    @Test
    void localhostNameResolvedToLoopbackIsAllowed() throws Exception {
        server.enqueue(json(200, TOKEN_ANSWER));
        ShopwareAuth auth = shopware("http://shop.localhost:" + server.getPort(),
                callersClient("shop.localhost", new byte[] {127, 0, 0, 1}));
        assertEquals("at-1", auth.requestToken(GRANT).value());
        assertEquals(1, server.getRequestCount());
        assertTrue(lookups.contains("shop.localhost"), lookups.toString());
    }

    @Test
    void localhostNameResolvedElsewhereIsRefusedBeforeConnecting() {
        ShopwareAuth auth = shopware("http://shop.localhost:" + server.getPort(),
                callersClient("shop.localhost", new byte[] {(byte) 192, 0, 2, 1}));
        TransportException e = assertThrows(TransportException.class, () -> auth.requestToken(GRANT));
        assertTrue(lookups.contains("shop.localhost"), "refused on the resolved address: " + lookups);
        assertEquals(Collections.emptyList(), connects, "no connection may be attempted");
        assertEquals(0, server.getRequestCount());
        assertTrue(e.getMessage().contains("shop.localhost") && e.getMessage().contains("192.0.2.1")
                && e.getMessage().contains("not a loopback address"), e.getMessage());
        assertTrue(e.getMessage().contains("https"), "says what to do: " + e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void localhostThroughTheCallersProxyIsRefusedAndTheProxyGetsNoSecret() throws Exception {
        MockWebServer proxy = new MockWebServer();
        proxy.start(InetAddress.getByName("127.0.0.1"), 0);
        try {
            proxy.enqueue(json(200, TOKEN_ANSWER));
            OkHttpClient viaProxy = new OkHttpClient.Builder().socketFactory(loopbackOnlySockets)
                    .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.getPort()))).build();
            ShopwareAuth auth = shopware("http://localhost:" + server.getPort(), viaProxy);
            TransportException e = assertThrows(TransportException.class, () -> auth.requestToken(GRANT));
            assertEquals(0, proxy.getRequestCount(), "the proxy must not receive the request");
            assertEquals(0, server.getRequestCount());
            assertTrue(e.getMessage().contains("proxy"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET));
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    void theOptInStillAllowsPlainHttpThroughAProxy() throws Exception {
        MockWebServer proxy = new MockWebServer();
        proxy.start(InetAddress.getByName("127.0.0.1"), 0);
        try {
            proxy.enqueue(json(200, TOKEN_ANSWER));
            OkHttpClient viaProxy = new OkHttpClient.Builder().socketFactory(loopbackOnlySockets)
                    .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.getPort()))).build();
            ShopwareAuth auth = ShopwareAuth.builder().shopUrl("http://shop.example.test").allowInsecureHttp(true)
                    .okHttpClient(viaProxy).clock(fixedClock()).build();
            assertEquals("at-1", auth.requestToken(GRANT).value());
            assertEquals(1, proxy.getRequestCount());
        } finally {
            proxy.shutdown();
        }
    }
}
