package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.shopware.ShopwareAuth;
import dev.commerceauth.testing.LoopbackServer;
import java.util.Collections;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: a token client of a plain-http (loopback) endpoint, built without a caller's client, is
 * derived from a shared client without TLS, so building it loads no trust store; it shares the
 * connection pool and dispatcher of every other token client, and it never sends an https request
 * (OkHttp 3 would send one in plain text on a client without TLS).
 */
class PlainHttpClientTest {

    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    @Test
    void aPlainHttpEndpointGetsAClientWithoutTlsThatSharesPoolAndDispatcher() {
        OkHttpClient plain = new Transport().buildClient("http://127.0.0.1:8080/token");
        assertNull(plain.sslSocketFactory(), "no TLS set up");
        assertEquals(Collections.singletonList(ConnectionSpec.CLEARTEXT), plain.connectionSpecs());
        assertSame(Transport.sharedDefaultClient().connectionPool(), plain.connectionPool());
        assertSame(Transport.sharedDefaultClient().dispatcher(), plain.dispatcher());
        assertSame(Transport.strictHostnameVerifier(), plain.hostnameVerifier());
        assertTrue(plain.interceptors().contains(PlainHttpOnly.INSTANCE));
        assertEquals(java.net.Proxy.NO_PROXY, plain.proxy(), "loopback goes direct, as LoopbackGuard requires");
        Transport optedIn = new Transport();
        optedIn.allowInsecureHttp(true);
        assertNull(optedIn.buildClient("http://tokens.internal:8080/token").proxy(), "beyond loopback: the system's proxies");
        assertNull(new Transport().buildClient(" HTTP://localhost/token").sslSocketFactory(), "scheme in any case");
    }

    @Test
    void anHttpsEndpointAnUnknownOneOrACallersClientKeepTls() {
        OkHttpClient tls = new Transport().buildClient("https://auth.example.com/token");
        assertNotNull(tls.sslSocketFactory());
        assertTrue(tls.connectionSpecs().contains(ConnectionSpec.MODERN_TLS));
        assertFalse(tls.interceptors().contains(PlainHttpOnly.INSTANCE));
        assertNotNull(new Transport().buildClient().sslSocketFactory());
        assertNotNull(new Transport().buildClient(null).sslSocketFactory());
        Transport onACallersClient = new Transport();
        onACallersClient.baseClient(new OkHttpClient());
        OkHttpClient derived = onACallersClient.buildClient("http://127.0.0.1:8080/token");
        assertNotNull(derived.sslSocketFactory(), "the caller's client, as it is");
        assertFalse(derived.interceptors().contains(PlainHttpOnly.INSTANCE));
    }

    @Test
    void theClientOfAPlainHttpEndpointRefusesHttpsBeforeConnecting() {
        OkHttpClient plain = new Transport().buildClient("http://127.0.0.1:" + server.getPort());
        Request https = new Request.Builder().url("https://127.0.0.1:" + server.getPort() + "/token").get().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> plain.newCall(https).execute());
        assertTrue(e.getMessage().contains("has no TLS"), e.getMessage());
        assertEquals(0, server.getRequestCount(), "nothing was sent");
    }

    @Test
    void aProviderClientOfALoopbackEndpointRequestsTokensOverPlainHttp() {
        server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":600}"));
        ShopwareAuth auth = ShopwareAuth.builder().shopUrl("http://127.0.0.1:" + server.getPort()).clock(fixedClock())
                .build();
        assertEquals("at-1", auth.requestToken(ClientCredentialsGrant.builder().clientId("SWIA-plain")
                .clientSecret("plain-http-client-secret-0123456789").build()).value());
        assertEquals(1, server.getRequestCount());
    }
}
