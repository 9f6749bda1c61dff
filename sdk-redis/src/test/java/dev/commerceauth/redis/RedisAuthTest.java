package dev.commerceauth.redis;

import static dev.commerceauth.redis.TestSupport.KEY;
import static dev.commerceauth.redis.TestSupport.randomKey;
import static dev.commerceauth.redis.TestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: Redis URLs with a password ({@code --requirepass}) or an ACL user work, and the password
 * appears in no {@code toString()}, log line (the store's or Jedis's) or exception.
 */
class RedisAuthTest {

    // special characters must be percent-encoded in the URI; the store decodes them
    private static final String PASSWORD = "Pw:s3cr3t@/#%+-" + Long.toHexString(System.nanoTime());
    private static final String ENCODED = encode(PASSWORD);

    @Test
    void aPasswordProtectedRedisWorksAndTheWrongPasswordFailsWithoutLeakingIt() throws Exception {
        try (RedisServer server = RedisServer.withPassword(PASSWORD);
                TestSupport.LogCapture log = new TestSupport.LogCapture("")) {
            String uri = "redis://:" + ENCODED + "@127.0.0.1:" + server.port() + "/0";
            try (RedisTokenStore store = RedisTokenStore.builder().redisUri(uri).encryptionKey(randomKey()).build()) {
                store.put(KEY, token("at-1"));
                assertEquals("at-1", store.get(KEY).get().value());
                assertTrue(store.tryLease(KEY, java.time.Duration.ofSeconds(5)).isPresent());
                assertNoPassword(store.toString());
                assertTrue(store.toString().contains("(password)"), store.toString());
            }
            String wrong = "redis://:" + ENCODED + "x@127.0.0.1:" + server.port() + "/0";
            assertRefused(wrong, log);
            assertRefused("redis://127.0.0.1:" + server.port() + "/0", log); // no password at all
            assertNoPassword(log.all());
        }
    }

    @Test
    void anAclUserWorksAndAWrongUserFailsWithoutLeakingThePassword() throws Exception {
        try (RedisServer server = RedisServer.withAclUser("tokens-app", PASSWORD);
                TestSupport.LogCapture log = new TestSupport.LogCapture("")) {
            String uri = "redis://tokens-app:" + ENCODED + "@127.0.0.1:" + server.port() + "/0";
            try (RedisTokenStore store = RedisTokenStore.builder().redisUri(uri).keyPrefix("acl:")
                    .encryptionKey(randomKey()).build()) {
                store.put(KEY, token("at-acl"));
                assertEquals("at-acl", store.get(KEY).get().value());
                assertNoPassword(store.toString());
                assertFalse(store.toString().contains("tokens-app"), "the user name is not shown either");
            }
            assertRefused("redis://other-user:" + ENCODED + "@127.0.0.1:" + server.port() + "/0", log);
            assertRefused("redis://tokens-app:nope" + ENCODED + "@127.0.0.1:" + server.port() + "/0", log);
            assertNoPassword(log.all());
        }
    }

    @Test
    void malformedUrisAreRefusedWithoutEchoingThem() {
        for (String uri : new String[] {
            "redis://:" + PASSWORD + "@127.0.0.1:6379/0", // unencoded special characters
            "http://:" + ENCODED + "@127.0.0.1:6379/0",
            "redis://" + ENCODED + "@127.0.0.1:6379/0", // no colon: ambiguous
            "redis://:" + ENCODED + "@127.0.0.1:6379/x",
            "redis://:" + ENCODED + "@127.0.0.1:6379/0?timeout=1",
            "redis://:" + ENCODED + "@:6379/0",
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RedisTokenStore.builder().redisUri(uri).encryptionKey(randomKey()).build(), uri);
            assertNoPassword(stackTrace(e));
            assertFalse(e.getMessage().contains(ENCODED), e.getMessage());
        }
    }

    private static void assertRefused(String uri, TestSupport.LogCapture log) {
        try (RedisTokenStore store = RedisTokenStore.builder().redisUri(uri).encryptionKey(randomKey()).build()) {
            assertNoPassword(store.toString());
            long before = refusalsLogged(log);
            for (int i = 0; i < 3; i++) {
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.get(KEY));
                assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
                assertFalse(e.isTimeout());
                assertTrue(e.isRetryable());
                assertNoPassword(stackTrace(e));
            }
            assertEquals(before + 1, refusalsLogged(log), "logged once for three failed calls");
        }
    }

    private static long refusalsLogged(TestSupport.LogCapture log) {
        return log.messages(Level.WARNING).stream().filter(m -> m.contains("refused the credentials")).count();
    }

    private static void assertNoPassword(String text) {
        assertFalse(text.contains(PASSWORD), "the password leaked: " + text);
        assertFalse(text.contains(ENCODED), "the encoded password leaked: " + text);
        assertFalse(text.contains("s3cr3t"), "part of the password leaked: " + text);
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w + String.valueOf(e);
    }

    private static String encode(String s) {
        try {
            return URLEncoder.encode(s, StandardCharsets.UTF_8.name()).replace("+", "%20");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
