package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.testing.LoopbackServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509TrustManager;
import okhttp3.CertificatePinner;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the SDK's own TLS clients use the platform's trust without OkHttp's trust-root index
 * (which only certificate pinning uses): certificates are still verified against the platform's
 * trust store, and pins added to such a client refuse the connection instead of passing unchecked.
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
    void aCertificateThePlatformTrustsIsAcceptedAndPinsAddedLaterFailClosed(@TempDir Path dir) throws Exception {
        HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).build();
        HeldCertificate cert = new HeldCertificate.Builder().signedBy(root).addSubjectAlternativeName("localhost").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert, root.certificate()).build()
                .sslSocketFactory(), false);
        // the platform's trust store, for this test only: the JDK reads these properties whenever a default
        // trust manager is made, as PlatformTls does (the SDK's shared client, made once, is not touched here)
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("test-root", root.certificate());
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        Map<String, String> saved = new HashMap<>();
        for (String key : TRUST_PROPERTIES) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        try {
            OkHttpClient client = PlatformTls.apply(new OkHttpClient.Builder()).build();
            Request request = new Request.Builder().url(server.url("/").newBuilder().host("localhost").build()).build();
            server.enqueue(new MockResponse().setBody("ok"));
            try (Response response = client.newCall(request).execute()) {
                assertEquals("ok", response.body().string(), "the platform's trust verified the server");
            }

            OkHttpClient pinned = client.newBuilder().certificatePinner(new CertificatePinner.Builder()
                    .add("localhost", CertificatePinner.pin(root.certificate())).build()).build();
            server.enqueue(new MockResponse().setBody("ok"));
            assertThrows(SSLPeerUnverifiedException.class, () -> {
                try (Response ignored = pinned.newCall(request).execute()) {
                    // not reached
                }
            }, "no trust-root index to pin against: refused, never accepted unchecked");
            assertEquals(1, server.getRequestCount());
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    private static final String[] TRUST_PROPERTIES = {
        "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};

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
