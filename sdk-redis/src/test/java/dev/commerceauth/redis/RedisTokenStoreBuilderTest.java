package dev.commerceauth.redis;

import static dev.commerceauth.redis.TestSupport.KEY;
import static dev.commerceauth.redis.TestSupport.randomKey;
import static dev.commerceauth.redis.TestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Issue 14: the builder's checks, URI parsing and the entry codec, without a Redis. */
class RedisTokenStoreBuilderTest {

    private static RedisTokenStore.Builder valid() {
        return RedisTokenStore.builder().redisUri("redis://127.0.0.1:1/0").encryptionKey(randomKey());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> RedisTokenStore.builder().encryptionKey(randomKey()).build());
        assertThrows(IllegalArgumentException.class, () -> RedisTokenStore.builder().redisUri("redis://h").build(),
                "no encryption key, no store");
        assertThrows(IllegalArgumentException.class, () -> valid().encryptionKey(new byte[31]).build());
        assertThrows(IllegalArgumentException.class,
                () -> valid().encryptionKey(new SecretKeySpec(new byte[32], "HmacSHA256")));
        assertThrows(IllegalArgumentException.class, () -> valid().keyPrefix("has space").build());
        assertThrows(IllegalArgumentException.class, () -> valid().commandTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> valid().connectTimeout(Duration.ofMinutes(2)).build());
        assertThrows(IllegalArgumentException.class, () -> valid().maxConnections(0).build());
        assertThrows(IllegalArgumentException.class, () -> valid().retainAfterExpiry(Duration.ofSeconds(-1)).build());
        assertTrue(valid().encryptionKey(new byte[16]).build().toString().startsWith("RedisTokenStore{redis://"));
    }

    @Test
    void buildingDoesNotConnectAndTheKeyIsCopied() throws Exception {
        byte[] key = randomKey();
        SecretKey generated = KeyGenerator.getInstance("AES").generateKey();
        try (RedisTokenStore store = valid().encryptionKey(generated).build();
                RedisTokenStore fromBytes = valid().encryptionKey(key).build()) {
            assertTrue(store.toString().contains("127.0.0.1:1"));
            java.util.Arrays.fill(key, (byte) 0);
            assertFalse(fromBytes.toString().contains(Base64.getEncoder().encodeToString(key)));
        }
    }

    @Test
    void urisAreParsed() {
        RedisEndpoint e = RedisEndpoint.parse("rediss://app:p%40ss%3Aw%C3%B6rd@redis.internal:6380/3");
        assertEquals("redis.internal", e.host);
        assertEquals(6380, e.port);
        assertEquals(3, e.database);
        assertEquals("app", e.user);
        assertEquals("p@ss:w\u00f6rd", e.password);
        assertTrue(e.tls);
        assertFalse(e.toString().contains("p@ss"));
        assertFalse(e.toString().contains("app"));

        RedisEndpoint plain = RedisEndpoint.parse("redis://localhost");
        assertEquals(6379, plain.port);
        assertEquals(0, plain.database);
        assertNull(plain.password);
        assertFalse(plain.tls);

        RedisEndpoint passwordOnly = RedisEndpoint.parse("redis://:secret@[::1]:7000/");
        assertNull(passwordOnly.user);
        assertEquals("secret", passwordOnly.password);
        assertEquals("::1", passwordOnly.host);
        assertEquals("[::1]:7000", passwordOnly.address());
    }

    @Test
    void sentinelUrisAreParsed() {
        RedisEndpoint e = RedisEndpoint.parse("redis-sentinel://app:p%40ss%23w%C3%B6rd@10.0.0.1,10.0.0.2:26380,[::1]:26381/2#tokens");
        assertTrue(e.viaSentinel());
        assertEquals("tokens", e.masterName);
        assertEquals(3, e.sentinels.size());
        assertEquals("10.0.0.1:26379", e.sentinels.get(0).address());
        assertEquals("10.0.0.2:26380", e.sentinels.get(1).address());
        assertEquals("[::1]:26381", e.sentinels.get(2).address());
        assertEquals(2, e.database);
        assertEquals("app", e.user);
        assertEquals("p@ss#w\u00f6rd", e.password);
        assertFalse(e.tls);
        assertEquals("master 'tokens' via Sentinel 10.0.0.1:26379,10.0.0.2:26380,[::1]:26381", e.address());
        assertEquals("redis-sentinel://10.0.0.1:26379,10.0.0.2:26380,[::1]:26381/2#tokens (ACL user and password)",
                e.toString());

        RedisEndpoint tls = RedisEndpoint.parse("rediss-sentinel://sentinel.internal#m");
        assertTrue(tls.tls);
        assertEquals(0, tls.database);
        assertEquals("sentinel.internal:26379", tls.sentinels.get(0).address());

        for (String bad : new String[] {"redis-sentinel://10.0.0.1/0", "redis-sentinel://10.0.0.1/0#",
                "redis-sentinel://10.0.0.1,/0#m", "redis-sentinel://10.0.0.1:0#m", "redis-sentinel://10.0.0.1:99999#m",
                "redis-sentinel://10.0.0.1/x#m", "redis-sentinel://10.0.0.1?timeout=1#m", "redis-sentinel://[::1#m",
                "redis-sentinel://:pw@10.0.0.1#bad name", "redis-sentinel://s3cret@10.0.0.1#m"}) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse(bad), bad);
            assertFalse(x.getMessage().contains("s3cret"), x.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RedisTokenStore.builder().redisUri("redis://127.0.0.1")
                .encryptionKey(randomKey()).sentinelCredentials(null, "pw").build(), "Sentinel credentials without Sentinel");
    }

    @Test
    void theCodecKeepsEveryFieldAndItsTypes() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:15:30.123456789Z");
        AccessToken token = AccessToken.builder().value("at-x").tokenType("bearer").issuedAt(now)
                .expiresAt(now.plusSeconds(5)).refreshToken("rt-x")
                .extraField("s", "text").extraField("i", 1).extraField("l", 2L).extraField("d", 0.25d)
                .extraField("f", 1.5f).extraField("sh", (short) 3).extraField("by", (byte) 4)
                .extraField("bi", new BigInteger("123456789012345678901234567890"))
                .extraField("bd", new BigDecimal("1.50")).extraField("b", false)
                .build();
        EntryCodec codec = new EntryCodec(randomKey(), java.util.Collections.emptyList());
        String sealed = codec.seal("k", token);
        assertTrue(sealed.startsWith("g1:"));
        assertFalse(sealed.contains("at-x"));
        AccessToken back = codec.open("k", sealed);
        assertEquals(token, back);
        assertEquals(token.extraFields().toString(), back.extraFields().toString());
        assertNotEquals(sealed, codec.seal("k", token), "a fresh nonce per write");
        assertThrows(EntryCodec.BadEntryException.class, () -> codec.open("other", sealed));
        assertThrows(EntryCodec.BadEntryException.class, () -> new EntryCodec(randomKey(), java.util.Collections.emptyList()).open("k", sealed));
        assertThrows(EntryCodec.BadEntryException.class, () -> codec.open("k", "g1:!!"));
        assertThrows(EntryCodec.BadEntryException.class, () -> codec.open("k", "g1:AAAA"));
        assertThrows(EntryCodec.BadEntryException.class, () -> codec.open("k", "x9:" + sealed.substring(3)));
        // the stored JSON, before encryption, is what the tests above round-trip
        assertEquals("at-y", EntryCodec.fromJson(EntryCodec.toJson(token("at-y"))).value());
    }
}
