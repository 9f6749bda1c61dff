package dev.commerceauth.redis;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Scope;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Tokens, keys and a log capture for the sdk-redis tests. */
final class TestSupport {

    static final String KEY = "commerceauth:v1:" + repeat('a', 64);
    static final String OTHER_KEY = "commerceauth:v1:" + repeat('b', 64);

    private TestSupport() {
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** A token that expires an hour from now, with a refresh token, scope and extra fields. */
    static AccessToken token(String value) {
        Instant now = Instant.now();
        return AccessToken.builder()
                .value(value)
                .tokenType("Bearer")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(3600))
                .scope(Scope.parse("market:all write"))
                .refreshToken("rt-" + value)
                .extraField("owner_id", "abc")
                .extraField("created_at", new BigDecimal("1700000000"))
                .extraField("not-before-policy", 0)
                .extraField("refresh_expires_in", 1800L)
                .extraField("ratio", 0.5d)
                .extraField("active", true)
                .build();
    }

    static String repeat(char c, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(c);
        }
        return b.toString();
    }

    /** Collects the records of the store's logger while open. */
    static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger;
        private final Level previous;
        private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<LogRecord>());

        /** The store's logger, {@code dev.commerceauth.redis}. */
        LogCapture() {
            this("dev.commerceauth.redis");
        }

        /** Any logger; {@code ""} is the root logger, which also sees Jedis's logs (through slf4j-jdk14). */
        LogCapture(String name) {
            logger = Logger.getLogger(name);
            previous = logger.getLevel();
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(previous);
        }

        /** The formatted messages at {@code level} and above. */
        List<String> messages(Level level) {
            SimpleFormatter f = new SimpleFormatter();
            List<String> out = new ArrayList<>();
            synchronized (records) {
                for (LogRecord r : records) {
                    if (r.getLevel().intValue() >= level.intValue()) {
                        out.add(f.formatMessage(r));
                    }
                }
            }
            return out;
        }

        /** Every record fully formatted (message, level, thrown), for secret scans. */
        String all() {
            SimpleFormatter f = new SimpleFormatter();
            StringBuilder b = new StringBuilder();
            synchronized (records) {
                for (LogRecord r : records) {
                    b.append(f.format(r));
                }
            }
            return b.toString();
        }
    }
}
