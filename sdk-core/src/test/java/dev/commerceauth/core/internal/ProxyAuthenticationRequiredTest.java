package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.shopware.ShopwareAuth;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy that wants credentials (HTTP 407) gets an actionable message: configure
 * {@code proxyAuthenticator} on the OkHttpClient passed to the builder — when the 407 comes back
 * as the answer of the caller's proxy, when it refuses the {@code CONNECT} of an https tunnel, and
 * when it comes back although no proxy is configured (OkHttp refuses that answer).
 */
class ProxyAuthenticationRequiredTest {

    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("SWIAKEY").clientSecret("secret-access-key").build();

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private OkHttpClient viaProxy() {
        return new OkHttpClient.Builder()
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(server.getHostName(), server.getPort())))
                .build();
    }

    private static void assertSaysConfigureTheProxyAuthenticator(String m) {
        assertTrue(m.contains("407"), m);
        assertTrue(m.contains("proxy"), m);
        assertTrue(m.contains("proxyAuthenticator"), m);
        assertTrue(m.contains("okHttpClient("), m);
        assertFalse(m.contains("empty body"), m);
        assertFalse(m.contains("secret-access-key"), m);
    }

    /** Plain http through the caller's proxy (opted in): the 407 is the answer. */
    @Test
    void a407AnswerOfTheProxySaysToConfigureTheProxyAuthenticator() {
        server.enqueue(new MockResponse().setResponseCode(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\""));
        ShopwareAuth shopware = ShopwareAuth.builder().shopUrl("http://shop.example.test").allowInsecureHttp(true)
                .okHttpClient(viaProxy()).clock(fixedClock()).build();
        InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> shopware.requestToken(GRANT));
        assertEquals(407, e.httpStatus());
        assertFalse(e.isRetryable());
        assertSaysConfigureTheProxyAuthenticator(e.getMessage());
    }

    /** OkHttp refuses a 407 that comes back without a proxy configured (a transparent proxy). */
    @Test
    void a407WithoutAConfiguredProxySaysToConfigureTheProxy() {
        server.enqueue(new MockResponse().setResponseCode(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\""));
        ShopwareAuth shopware = ShopwareAuth.builder().shopUrl(server.url("/").toString()).clock(fixedClock()).build();
        TransportException e = assertThrows(TransportException.class, () -> shopware.requestToken(GRANT));
        assertSaysConfigureTheProxyAuthenticator(e.getMessage());
        assertTrue(e.getMessage().contains("proxy(") || e.getMessage().contains("proxySelector("), e.getMessage());
    }

    @Test
    void a407ToTheTunnelSaysToConfigureTheProxyAuthenticator() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\""));
        ShopwareAuth shopware = ShopwareAuth.builder().shopUrl("https://shop.example.test").okHttpClient(viaProxy())
                .clock(fixedClock()).build();
        TransportException e = assertThrows(TransportException.class, () -> shopware.requestToken(GRANT));
        RecordedRequest connect = server.takeRequest();
        assertEquals("CONNECT", connect.getMethod());
        assertSaysConfigureTheProxyAuthenticator(e.getMessage());
    }
}
