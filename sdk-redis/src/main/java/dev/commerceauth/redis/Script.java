package dev.commerceauth.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A Lua script run atomically by Redis: sent by its SHA-1 ({@code EVALSHA}) and, when Redis does not
 * know it ({@code NOSCRIPT}: first use, a restart, {@code SCRIPT FLUSH}), in full ({@code EVAL}),
 * which also caches it again.
 */
final class Script {

    /**
     * Stores a sealed token with a new version. KEYS: entry, meta. ARGV: sealed token, entry time to
     * live (ms), meta time to live (ms). Returns the version.
     */
    static final Script PUT = new Script(""
            + "local v = redis.call('HINCRBY', KEYS[2], 'v', 1)\n"
            + "redis.call('SET', KEYS[1], v .. ':' .. ARGV[1], 'PX', ARGV[2])\n"
            + "if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end\n"
            + "return v\n");

    /**
     * {@link #PUT} only while the lease is live. KEYS: entry, lease, meta. ARGV: sealed token, entry
     * time to live (ms), meta time to live (ms), lease value. Returns the version, or -1.
     */
    static final Script PUT_IF_LEASE_HELD = new Script(""
            + "if redis.call('GET', KEYS[2]) ~= ARGV[4] then return -1 end\n"
            + "local v = redis.call('HINCRBY', KEYS[3], 'v', 1)\n"
            + "redis.call('SET', KEYS[1], v .. ':' .. ARGV[1], 'PX', ARGV[2])\n"
            + "if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end\n"
            + "return v\n");

    /**
     * Takes the lease if none is live. KEYS: lease, meta. ARGV: owner id, lease time to live (ms),
     * meta time to live (ms). Returns the new fencing number, -1 if another lease is live, or the
     * fencing number of this owner's lease when a retried call finds it already granted.
     */
    static final Script LEASE = new Script(""
            + "local cur = redis.call('GET', KEYS[1])\n"
            + "if cur then\n"
            + "  local mine = ARGV[1] .. ':'\n"
            + "  if string.sub(cur, 1, #mine) == mine then return tonumber(string.sub(cur, #mine + 1)) end\n"
            + "  return -1\n"
            + "end\n"
            + "local f = redis.call('HINCRBY', KEYS[2], 'f', 1)\n"
            + "redis.call('SET', KEYS[1], ARGV[1] .. ':' .. f, 'PX', ARGV[2])\n"
            + "if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end\n"
            + "return f\n");

    /** Deletes a key only if it still holds the given value. KEYS: key. ARGV: value. Returns 1 or 0. */
    static final Script COMPARE_AND_DELETE = new Script(""
            + "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
            + "return 0\n");

    final String text;
    final String sha;

    private Script(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    private static String sha1(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder(40);
            for (byte x : hash) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
