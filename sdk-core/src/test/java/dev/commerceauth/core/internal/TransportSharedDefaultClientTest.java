package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Review finding B: every default client derives from one shared client, with its own settings. */
class TransportSharedDefaultClientTest {

    @Test
    void clientsWithoutABaseShareConnectionPoolAndDispatcher() {
        Transport a = new Transport();
        Transport b = new Transport();
        b.callTimeout(Duration.ofSeconds(5));
        OkHttpClient ca = a.buildClient();
        OkHttpClient cb = b.buildClient();
        assertNotSame(ca, cb);
        assertSame(ca.connectionPool(), cb.connectionPool());
        assertSame(ca.dispatcher(), cb.dispatcher());
        assertSame(Transport.sharedDefaultClient().connectionPool(), ca.connectionPool());
        // same verifier instance, so connections to one host can be reused across clients
        assertSame(ca.hostnameVerifier(), cb.hostnameVerifier());
        // an equal Dns too (OkHttp compares it when it looks for a pooled connection)
        assertEquals(ca.dns(), cb.dns());
    }

    @Test
    void perClientSettingsStayPerClient() {
        Transport a = new Transport();
        a.connectTimeout(Duration.ofSeconds(3));
        a.readTimeout(Duration.ofSeconds(4));
        a.callTimeout(Duration.ofSeconds(5));
        OkHttpClient c = a.buildClient();
        assertEquals(3000, c.connectTimeoutMillis());
        assertEquals(4000, ((IdleCheckSocketFactory) c.socketFactory()).readTimeoutMillis(), "in the socket");
        assertEquals(0, c.readTimeoutMillis(), "not on Okio's watchdog");
        assertEquals(0, c.writeTimeoutMillis(), "writes bounded by the call timeout");
        assertEquals(5000, c.callTimeoutMillis());
        assertFalse(c.followRedirects());
        assertFalse(c.followSslRedirects());
        assertTrue(c.hostnameVerifier() instanceof StrictHostnameVerifier);
        assertEquals(1, c.interceptors().size());
        assertTrue(c.interceptors().get(0) instanceof BodyCapInterceptor);

        OkHttpClient defaults = new Transport().buildClient();
        assertEquals(Transport.DEFAULT_CALL_TIMEOUT.toMillis(), defaults.callTimeoutMillis());
        assertEquals(0, Transport.sharedDefaultClient().interceptors().size());
    }

    @Test
    void aCallersHostnameVerifierIsNeverUsed() {
        OkHttpClient lenient = new OkHttpClient.Builder().hostnameVerifier((host, session) -> true).build();
        Transport t = new Transport();
        t.baseClient(lenient);
        assertSame(Transport.strictHostnameVerifier(), t.buildClient().hostnameVerifier());
        assertSame(Transport.strictHostnameVerifier(), new Transport().buildClient().hostnameVerifier());
    }

    @Test
    void aCallersClientKeepsItsOwnPool() {
        OkHttpClient mine = new OkHttpClient();
        Transport t = new Transport();
        t.baseClient(mine);
        OkHttpClient c = t.buildClient();
        assertSame(mine.connectionPool(), c.connectionPool());
        assertSame(mine.dispatcher(), c.dispatcher());
        assertNotSame(Transport.sharedDefaultClient().connectionPool(), c.connectionPool());
    }
}
