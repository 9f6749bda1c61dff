package dev.commerceauth.redis;

import static dev.commerceauth.redis.TestSupport.KEY;
import static dev.commerceauth.redis.TestSupport.randomKey;
import static dev.commerceauth.redis.TestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss-sentinel://}: a Sentinel and a master that speak TLS only, with certificates from a
 * throw-away CA made at test time. Sentinel names the master by the address it watches
 * ({@code 127.0.0.1}), so the master's certificate must name that address, as the Sentinel's must
 * name the one in the URI; the store verifies both against the trusted CA.
 */
class RedisSentinelTlsTest {

    @TempDir
    Path certs;

    @Test
    void bothTheSentinelAndTheMasterAreReachedOverVerifiedTls() throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").rsa2048().build();
        HeldCertificate server = new HeldCertificate.Builder().commonName("redis")
                .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").signedBy(ca).rsa2048().build();
        Path cert = write("server.crt", server.certificatePem());
        Path key = write("server.key", server.privateKeyPkcs8Pem());
        Path caFile = write("ca.crt", ca.certificatePem());
        byte[] encryptionKey = randomKey();
        try (RedisServer master = RedisServer.withTls(cert, key, caFile);
                RedisSentinel sentinel = RedisSentinel.watchingTls(master, cert, key, caFile)) {
            String uri = "rediss-sentinel://127.0.0.1:" + sentinel.port() + "/0#" + RedisSentinel.MASTER;
            try (RedisTokenStore store = RedisTokenStore.builder().redisUri(uri).encryptionKey(encryptionKey)
                    .sslSocketFactory(trusting(ca)).build();
                    RedisTokenStore direct = RedisTokenStore.builder().redisUri(master.uri()).encryptionKey(encryptionKey)
                            .sslSocketFactory(trusting(ca)).build()) {
                store.put(KEY, token("at-tls-sentinel"));
                assertEquals(Optional.of("at-tls-sentinel"), direct.get(KEY).map(AccessToken::value),
                        "written on the master the Sentinel named, over TLS");
            }

            HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).commonName("other CA").build();
            try (RedisTokenStore untrusting = RedisTokenStore.builder().redisUri(uri).encryptionKey(encryptionKey)
                    .sslSocketFactory(trusting(otherCa)).build()) {
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> untrusting.get(KEY));
                assertTrue(e.getMessage().startsWith("No Sentinel answered"), e.getMessage());
                assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
            }
        }
    }

    private Path write(String name, String pem) throws Exception {
        return Files.write(certs.resolve(name), pem.getBytes(StandardCharsets.UTF_8));
    }

    private static SSLSocketFactory trusting(HeldCertificate root) {
        return new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build().sslSocketFactory();
    }
}
