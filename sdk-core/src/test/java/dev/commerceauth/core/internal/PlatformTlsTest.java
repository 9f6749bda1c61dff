package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.testing.LoopbackServer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.Util;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's own TLS clients use the platform's trust (no trust-root index for OkHttp's chain
 * cleaner): certificates are still verified against the platform's trust store.
 */
class PlatformTlsTest {

    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    @Test
    void theSharedTlsClientRefusesACertificateThePlatformDoesNotTrust() throws Exception {
        HeldCertificate untrusted = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(untrusted).build().sslSocketFactory(), false);
        server.enqueue(new MockResponse().setBody("{}"));
        OkHttpClient client = new Transport().buildClient("https://localhost:" + server.getPort() + "/token");

        Request request = new Request.Builder().url(server.url("/token").newBuilder().host("localhost").build()).build();
        assertThrows(SSLHandshakeException.class, () -> {
            try (Response ignored = client.newCall(request).execute()) {
                // not reached
            }
        });
        assertEquals(0, server.getRequestCount(), "nothing was sent over the refused handshake");
    }

    @Test
    void okHttpSeesTheChecksOfThePlatformTrustManagerButNoIssuerList() {
        X509TrustManager platform = Util.platformTrustManager();
        assertTrue(platform.getAcceptedIssuers().length > 0, "the JDK's trust store lists its roots");
        PlatformTls.WithoutIssuerList view = new PlatformTls.WithoutIssuerList(platform);

        assertEquals(0, view.getAcceptedIssuers().length);
        X509Certificate selfSigned = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build()
                .certificate();
        assertThrows(CertificateException.class, () -> view.checkServerTrusted(new X509Certificate[] {selfSigned}, "ECDHE_ECDSA"));
        assertThrows(CertificateException.class, () -> view.checkClientTrusted(new X509Certificate[] {selfSigned}, "ECDHE_ECDSA"));
    }
}
