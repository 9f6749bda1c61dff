package dev.commerceauth.redis;

import static dev.commerceauth.redis.TestSupport.KEY;
import static dev.commerceauth.redis.TestSupport.randomKey;
import static dev.commerceauth.redis.TestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: {@code rediss://} against a redis-server that speaks TLS only, with a throw-away CA and
 * a server certificate for {@code localhost} made at test time: the store connects when it trusts
 * the CA and the certificate names the host, and refuses otherwise.
 */
class RedisTlsTest {

    @TempDir
    static Path certs;

    private static RedisServer server;
    private static HeldCertificate ca;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").rsa2048().build();
        HeldCertificate serverCert = new HeldCertificate.Builder().commonName("localhost")
                .addSubjectAlternativeName("localhost").signedBy(ca).rsa2048().build();
        Path cert = write("server.crt", serverCert.certificatePem());
        Path key = write("server.key", serverCert.privateKeyPkcs8Pem());
        Path caFile = write("ca.crt", ca.certificatePem());
        server = RedisServer.withTls(cert, key, caFile);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Path write(String name, String pem) throws Exception {
        return Files.write(certs.resolve(name), pem.getBytes(StandardCharsets.UTF_8));
    }

    private static SSLSocketFactory trusting(HeldCertificate root) {
        return new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build().sslSocketFactory();
    }

    @Test
    void rediss_withATrustedCertificateForTheHostWorks() {
        try (RedisTokenStore store = RedisTokenStore.builder().redisUri(server.uri()).encryptionKey(randomKey())
                .sslSocketFactory(trusting(ca)).build()) {
            assertTrue(store.toString().contains("rediss://localhost:"), store.toString());
            store.put(KEY, token("at-tls"));
            assertEquals("at-tls", store.get(KEY).get().value());
            assertTrue(store.tryLease(KEY, Duration.ofSeconds(5)).isPresent());
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).commonName("other CA").build();
        try (RedisTokenStore store = RedisTokenStore.builder().redisUri(server.uri()).encryptionKey(randomKey())
                .sslSocketFactory(trusting(otherCa)).build()) {
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.get(KEY));
            assertFalse(e.isTimeout());
            assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
        }
        // the JVM's default trust store does not know the test CA either
        try (RedisTokenStore store = RedisTokenStore.builder().redisUri(server.uri()).encryptionKey(randomKey())
                .build()) {
            assertThrows(StoreUnavailableException.class, () -> store.get(KEY));
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        // the certificate names localhost; 127.0.0.1 is the same server but not the name in the certificate
        String byAddress = "rediss://127.0.0.1:" + server.port() + "/0";
        try (RedisTokenStore store = RedisTokenStore.builder().redisUri(byAddress).encryptionKey(randomKey())
                .sslSocketFactory(trusting(ca)).build()) {
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.get(KEY));
            assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
        }
    }

    @Test
    void plainRedisToTheTlsPortFailsBoundedAndAnSslFactoryNeedsRediss() {
        try (RedisTokenStore store = RedisTokenStore.builder().redisUri("redis://localhost:" + server.port() + "/0")
                .encryptionKey(randomKey()).commandTimeout(Duration.ofMillis(300)).build()) {
            assertThrows(StoreUnavailableException.class, () -> store.get(KEY));
        }
        assertThrows(IllegalArgumentException.class, () -> RedisTokenStore.builder()
                .redisUri("redis://localhost:" + server.port()).encryptionKey(randomKey())
                .sslSocketFactory(trusting(ca)).build());
    }
}
