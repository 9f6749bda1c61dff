package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.testing.LoopbackServer;
import okhttp3.CertificatePinner;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13 item 7: host names are verified strictly for token requests whatever
 * {@code HostnameVerifier} the caller's client has; the caller's trust (a private CA) and
 * certificate pins still apply.
 */
class StrictHostnameOverTlsTest {

    private static final String SECRET = "tls-client-secret-0123456789";
    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("tls-client").clientSecret(SECRET).build();
    private static final String TOKEN_ANSWER = "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"expires_in\":7200}";

    private final HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).build();
    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    private void serveAs(String hostName) throws Exception {
        HeldCertificate cert = new HeldCertificate.Builder().signedBy(root).addSubjectAlternativeName(hostName).build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory(), false);
    }

    /** Trusts the test CA, as a caller with a private CA would. */
    private OkHttpClient.Builder trustingCaller() {
        HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build();
        return new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
    }

    private CommerceLayerAuth auth(OkHttpClient client) {
        return CommerceLayerAuth.builder().baseUrl("https://localhost:" + server.getPort())
                .okHttpClient(client).clock(fixedClock()).build();
    }

    @Test
    void aCallersAcceptAllHostnameVerifierIsNotUsed() throws Exception {
        serveAs("other.example.com");
        server.enqueue(json(200, TOKEN_ANSWER));
        OkHttpClient acceptsAll = trustingCaller().hostnameVerifier((host, session) -> true).build();
        TransportException e = assertThrows(TransportException.class, () -> auth(acceptsAll).requestToken(GRANT));
        assertEquals(0, server.getRequestCount(), "nothing may be sent to a server whose certificate does not match");
        assertTrue(e.getMessage().contains("host name"), e.getMessage());
        assertTrue(e.getMessage().contains("localhost"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void theCallersTrustForAPrivateCaIsKept() throws Exception {
        serveAs("localhost");
        server.enqueue(json(200, TOKEN_ANSWER));
        assertEquals("at-1", auth(trustingCaller().build()).requestToken(GRANT).value());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void theCallersCertificatePinsAreKept() throws Exception {
        serveAs("localhost");
        server.enqueue(json(200, TOKEN_ANSWER));
        OkHttpClient pinned = trustingCaller().certificatePinner(new CertificatePinner.Builder()
                .add("localhost", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").build()).build();
        TransportException e = assertThrows(TransportException.class, () -> auth(pinned).requestToken(GRANT));
        assertEquals(0, server.getRequestCount());
        assertFalse(e.getMessage().contains(SECRET));
    }
}
