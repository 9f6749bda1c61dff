package dev.commerceauth.redis;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CoordinatedTokenStore;
import dev.commerceauth.core.StoreLease;
import dev.commerceauth.core.TokenStore;
import dev.commerceauth.core.VersionedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.SecretKey;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A {@link CoordinatedTokenStore} on Redis, so that the processes of a fleet share one token and
 * coordinate its refreshes:
 *
 * <pre>{@code
 * RedisTokenStore store = RedisTokenStore.builder()
 *         .redisUri("rediss://app:" + password + "@redis.internal:6379/0")
 *         .keyPrefix("myapp:tokens:")
 *         .encryptionKey(key32Bytes)          // the same key in every process of the fleet
 *         .build();
 * }</pre>
 *
 * <h2>What is stored</h2>
 * For a store key {@code K} (from {@link TokenStore#key}, a hash: no secret is ever part of a Redis
 * key) and the prefix {@code P}, three Redis keys, all under {@code P}; the store key is wrapped in
 * a hash tag so that they share a cluster slot:
 * <ul>
 *   <li>{@code P{K}}: the token, as {@code <version>:g1:<Base64>}: AES-GCM under the application's
 *       key, a random 96-bit nonce per write, the Redis key as associated data. Its Redis time to
 *       live follows the token: it ends {@link Builder#retainAfterExpiry(Duration)} (1 minute by
 *       default) after the access token expires, so no stale token lingers. An entry that does not
 *       decrypt (tampered with, copied from another key, written under another key) is logged once
 *       and treated as absent.</li>
 *   <li>{@code P{K}:lease}: the live lease, {@code <owner>:<fence>}, with the lease's time to live
 *       ({@code PX}), so a holder that dies loses it when Redis expires the key.</li>
 *   <li>{@code P{K}:meta}: a hash with the version and fencing counters; it is kept 24 hours longer
 *       than the token or lease it counts for, so versions and fences keep growing across the
 *       token's expiry. A Redis that loses its data (restarted without persistence, a key evicted)
 *       counts again from 1, which {@link CoordinatedTokenStore} allows.</li>
 * </ul>
 * Every write and every compare-and-delete is one Lua script, atomic on the Redis server
 * ({@code EVALSHA}, falling back to {@code EVAL} when Redis answers {@code NOSCRIPT}); reads are a
 * single {@code GET}. Lease expiry uses the Redis server's clock only.
 *
 * <h2>Failures and time bounds</h2>
 * Every step of a call is bounded: waiting for one of the {@link Builder#maxConnections(int)}
 * pooled connections by the command timeout, opening a connection by the connect timeout (TCP) and
 * the command timeout (TLS handshake, {@code AUTH}, {@code SELECT}), and each command by the command
 * timeout. A call is one command ({@link #remove(String, AccessToken)} two); when it finds a
 * connection that Redis closed (a restart), it clears the idle connections and retries the command
 * once on a new connection (a timeout is never retried; the lease script recognises a retry of its
 * own grant). So a call against a Redis that is down, stalled, {@code SIGSTOP}ped or unreachable
 * ends within a few timeouts, typically one, and never hangs. Behind Redis Sentinel
 * ({@code redis-sentinel://}, see {@link Builder#redisUri}) the Sentinels are asked for the master,
 * each in turn within the same timeouts (one lookup at a time, whose answer the calls that need
 * one share), on the first call and whenever the master fails, times out (at the next call) or
 * answers {@code READONLY}; the call is then run once more on the master Sentinel names now. While
 * no Sentinel answers, the master in use stays in use and they are asked again at most once a
 * second.
 * Failures throw {@link StoreUnavailableException}, whose message names host and port (or the master
 * and its Sentinels) and never the password; an outage is logged once when it starts (WARNING) and once when it ends (INFO) on the
 * {@code dev.commerceauth.redis} logger, not once per call.
 *
 * <p>Thread-safe; a pool of connections serves concurrent calls. {@link #close()} closes the pool;
 * later calls throw {@link IllegalStateException}. Neither {@link #toString()}, the logs nor the
 * exceptions contain the password, the encryption key or a token.
 */
public final class RedisTokenStore implements CoordinatedTokenStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger("dev.commerceauth.redis");
    /** How much longer than its token or lease the version and fence counters are kept. */
    static final Duration COUNTER_RETENTION = Duration.ofHours(24);
    /** How many refused entries are remembered so that each is logged once. */
    private static final int REFUSED_REMEMBERED = 256;

    private final RedisEndpoint endpoint;
    private final String keyPrefix;
    private final EntryCodec codec;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final int maxConnections;
    private final Duration retainAfterExpiry;
    private final Clock clock;
    private final RedisConnections redis;
    private final OutageLog outages;
    private final RedisFailures failures;
    private final Map<String, Boolean> refusedEntries = Collections.synchronizedMap(
            new LinkedHashMap<String, Boolean>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REFUSED_REMEMBERED;
                }
            });
    private volatile boolean closed;

    private RedisTokenStore(Builder b, RedisEndpoint endpoint, byte[] key) {
        this.endpoint = endpoint;
        this.keyPrefix = b.keyPrefix;
        this.codec = new EntryCodec(key, b.previousKeys);
        this.commandTimeout = b.commandTimeout;
        this.connectTimeout = b.connectTimeout;
        this.maxConnections = b.maxConnections;
        this.retainAfterExpiry = b.retainAfterExpiry;
        this.clock = b.clock;
        this.outages = new OutageLog(LOG, endpoint.address());
        this.failures = new RedisFailures(endpoint.address(), connectTimeout, commandTimeout);

        this.redis = new RedisConnections(endpoint, connectTimeout, commandTimeout, maxConnections,
                b.sslSocketFactory != null ? b.sslSocketFactory : (SSLSocketFactory) SSLSocketFactory.getDefault(),
                b.sentinelUser, b.sentinelPassword);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<AccessToken> get(String key) {
        return getVersioned(key).map(VersionedToken::token);
    }

    @Override
    public Optional<VersionedToken> getVersioned(String key) {
        String redisKey = entryKey(key);
        String stored = call(r -> r.get(redisKey));
        if (stored == null) {
            return Optional.empty();
        }
        int colon = stored.indexOf(':');
        long version;
        try {
            version = colon > 0 ? Long.parseLong(stored.substring(0, colon)) : -1;
        } catch (NumberFormatException e) {
            version = -1;
        }
        if (version <= 0) {
            refused(redisKey, stored, "no version");
            return Optional.empty();
        }
        try {
            return Optional.of(VersionedToken.of(codec.open(redisKey, stored.substring(colon + 1)), version));
        } catch (EntryCodec.BadEntryException e) {
            refused(redisKey, stored, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, AccessToken token) {
        Objects.requireNonNull(token, "token");
        String redisKey = entryKey(key);
        long entryTtl = entryTtlMillis(token);
        String sealed = codec.seal(redisKey, token);
        evalLong(Script.PUT, Arrays.asList(redisKey, metaKey(key)),
                Arrays.asList(sealed, Long.toString(entryTtl), Long.toString(metaTtl(entryTtl))));
    }

    @Override
    public OptionalLong putIfLeaseHeld(String key, StoreLease lease, AccessToken token) {
        checkLease(key, lease);
        Objects.requireNonNull(token, "token");
        String redisKey = entryKey(key);
        long entryTtl = entryTtlMillis(token);
        String sealed = codec.seal(redisKey, token);
        long version = evalLong(Script.PUT_IF_LEASE_HELD, Arrays.asList(redisKey, leaseKey(key), metaKey(key)),
                Arrays.asList(sealed, Long.toString(entryTtl), Long.toString(metaTtl(entryTtl)), leaseValue(lease)));
        return version > 0 ? OptionalLong.of(version) : OptionalLong.empty();
    }

    @Override
    public Optional<StoreLease> tryLease(String key, Duration ttl) {
        String leaseKey = leaseKey(key);
        long ttlMillis = leaseTtlMillis(ttl);
        String owner = StoreLease.newOwner();
        long fence = evalLong(Script.LEASE, Arrays.asList(leaseKey, metaKey(key)),
                Arrays.asList(owner, Long.toString(ttlMillis), Long.toString(metaTtl(ttlMillis))));
        return fence > 0 ? Optional.of(StoreLease.of(key, owner, fence, ttl)) : Optional.<StoreLease>empty();
    }

    @Override
    public boolean release(String key, StoreLease lease) {
        checkLease(key, lease);
        return evalLong(Script.COMPARE_AND_DELETE, Collections.singletonList(leaseKey(key)),
                Collections.singletonList(leaseValue(lease))) == 1;
    }

    @Override
    public void remove(String key) {
        String redisKey = entryKey(key);
        call(r -> r.del(redisKey));
    }

    /**
     * Removes the token only if it is still {@code expected}: the entry is read and decrypted, and
     * if its access token is {@code expected}'s, deleted by a compare-and-delete script on the exact
     * stored text, so a newer token written meanwhile by another process is never removed.
     *
     * @param key a key from {@link TokenStore#key}
     * @param expected the token to remove
     * @return whether the token was removed
     */
    @Override
    public boolean remove(String key, AccessToken expected) {
        Objects.requireNonNull(expected, "expected");
        String redisKey = entryKey(key);
        String stored = call(r -> r.get(redisKey));
        if (stored == null) {
            return false;
        }
        int colon = stored.indexOf(':');
        AccessToken current;
        try {
            current = colon > 0 ? codec.open(redisKey, stored.substring(colon + 1)) : null;
        } catch (EntryCodec.BadEntryException e) {
            refused(redisKey, stored, e.getMessage());
            current = null;
        }
        if (current == null || !current.value().equals(expected.value())) {
            return false;
        }
        return evalLong(Script.COMPARE_AND_DELETE, Collections.singletonList(redisKey),
                Collections.singletonList(stored)) == 1;
    }

    /**
     * Closes the connection pool. Later calls throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        redis.close();
    }

    /**
     * Host, port, database, TLS, the kind of credentials and the key prefix; never the password,
     * the user name or the encryption key.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "RedisTokenStore{" + endpoint + ", keyPrefix=" + keyPrefix + ", commandTimeout=" + commandTimeout
                + ", connectTimeout=" + connectTimeout + ", maxConnections=" + maxConnections
                + (closed ? ", closed" : "") + '}';
    }

    // ---- keys and values

    String entryKey(String key) {
        checkKey(key);
        return keyPrefix + "{" + key + "}";
    }

    String leaseKey(String key) {
        return entryKey(key) + ":lease";
    }

    String metaKey(String key) {
        return entryKey(key) + ":meta";
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > 512) {
            throw new IllegalArgumentException("key must be 1 to 512 characters");
        }
    }

    private static void checkLease(String key, StoreLease lease) {
        checkKey(key);
        Objects.requireNonNull(lease, "lease");
        if (!lease.key().equals(key)) {
            throw new IllegalArgumentException("the lease was granted for another key");
        }
    }

    private static String leaseValue(StoreLease lease) {
        return lease.owner() + ":" + lease.fence();
    }

    /** The entry's Redis time to live: until the access token expires plus the retention, at least 1 ms. */
    long entryTtlMillis(AccessToken token) {
        long untilExpiry = token.expiresAt().toEpochMilli() - clock.millis();
        long ttl = untilExpiry + retainAfterExpiry.toMillis();
        return Math.max(1, ttl);
    }

    private static long metaTtl(long ttlMillis) {
        long sum = ttlMillis + COUNTER_RETENTION.toMillis();
        return sum < 0 ? Long.MAX_VALUE / 2 : sum;
    }

    private static long leaseTtlMillis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("ttl must be at least 1 ms, not " + ttl);
        }
        // Redis keeps expiry times in milliseconds since the epoch: a lease of more than ~100 years is capped
        return ttl.compareTo(Duration.ofDays(36_500)) > 0 ? Duration.ofDays(36_500).toMillis() : ttl.toMillis();
    }


    private void refused(String redisKey, String stored, String reason) {
        // once per stored entry (its version and nonce), not once per read
        String id = redisKey + "#" + Integer.toHexString(stored.hashCode());
        if (refusedEntries.put(id, Boolean.TRUE) == null) {
            LOG.log(Level.WARNING, "Ignoring the token stored in Redis under {0}: {1}. It is treated as absent and"
                    + " replaced by the next token written.", new Object[] {redisKey, reason});
        }
    }

    // ---- calls

    private long evalLong(Script script, List<String> keys, List<String> args) {
        Object result = call(r -> {
            try {
                return r.evalsha(script.sha, keys, args);
            } catch (JedisNoScriptException e) {
                return r.eval(script.text, keys, args);
            }
        });
        if (!(result instanceof Long)) {
            throw new StoreUnavailableException("Redis at " + endpoint.address() + " answered a token store script"
                    + " with " + (result == null ? "nothing" : "a " + result.getClass().getSimpleName())
                    + " instead of a number", null, false);
        }
        return (Long) result;
    }

    private <T> T call(RedisConnections.RedisCall<T> body) {
        if (closed) {
            throw new IllegalStateException("this RedisTokenStore is closed");
        }
        try {
            // once more on a new connection after one Redis closed, or behind Sentinel on the master it names now
            T result = redis.run(body);
            outages.succeeded();
            return result;
        } catch (StoreUnavailableException e) {
            if (closed) {
                throw new IllegalStateException("this RedisTokenStore is closed");
            }
            outages.failed(e);
            throw e;
        } catch (JedisException | NoSuchElementException | IllegalStateException e) {
            if (closed) {
                throw new IllegalStateException("this RedisTokenStore is closed");
            }
            StoreUnavailableException failure = failures.translate(e);
            outages.failed(failure);
            throw failure;
        }
    }

    /** Builds a {@link RedisTokenStore}; not thread-safe. */
    public static final class Builder {
        private String redisUri;
        private String keyPrefix = "";
        private byte[] encryptionKey;
        private List<byte[]> previousKeys = Collections.emptyList();
        private Duration commandTimeout = Duration.ofMillis(500);
        private Duration connectTimeout = Duration.ofMillis(500);
        private int maxConnections = 8;
        private Duration retainAfterExpiry = Duration.ofMinutes(1);
        private SSLSocketFactory sslSocketFactory;
        private String sentinelUser;
        private String sentinelPassword;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Where Redis is (required): {@code redis://[[user]:password@]host[:port][/database]}, or
         * {@code rediss://…} for TLS (the server certificate must be trusted and name the host).
         * Special characters of the password are percent-encoded. The password is used for
         * {@code AUTH} and appears nowhere else.
         *
         * <p>For a master that Redis Sentinel watches:
         * {@code redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/database]#master}
         * (or {@code rediss-sentinel://} for TLS to the Sentinels and the master). The hosts are the
         * Sentinels (port 26379 by default), asked in turn for the master named after {@code #};
         * the credentials and the database are the master's (see {@link #sentinelCredentials}).
         * The store asks again when the master fails or answers as a replica, and then uses the
         * master a failover promoted.
         *
         * @param redisUri the URI, for example {@code redis://:s3cret@127.0.0.1:6379/0},
         *     {@code rediss://app:s3cret@redis.internal:6380/2} or
         *     {@code redis-sentinel://:s3cret@10.0.0.1,10.0.0.2,10.0.0.3/0#tokens}
         * @return this builder
         */
        public Builder redisUri(String redisUri) {
            this.redisUri = redisUri;
            return this;
        }

        /**
         * A prefix for every Redis key of this store (default none: the store keys already start
         * with {@code commerceauth:v1:}), for example {@code myapp:tokens:}.
         *
         * @param keyPrefix printable ASCII without spaces, at most 128 characters, may be empty
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * The AES key that encrypts and authenticates the stored tokens (required): 32 random bytes
         * (16 and 24 are accepted), the same in every process that shares the tokens. Keep it in
         * your secret manager, not next to the Redis URI. The bytes are copied.
         *
         * @param key the raw key
         * @return this builder
         */
        public Builder encryptionKey(byte[] key) {
            this.encryptionKey = Objects.requireNonNull(key, "key").clone();
            return this;
        }

        /**
         * The AES key that encrypts and authenticates the stored tokens, as a {@link SecretKey} with
         * algorithm {@code AES} and an encoded form (a key from a key store or
         * {@code KeyGenerator.getInstance("AES")}).
         *
         * @param key the key
         * @return this builder
         * @throws IllegalArgumentException if the key is not an AES key or has no encoded form
         */
        public Builder encryptionKey(SecretKey key) {
            Objects.requireNonNull(key, "key");
            if (!"AES".equalsIgnoreCase(key.getAlgorithm()) || key.getEncoded() == null) {
                throw new IllegalArgumentException("the encryption key must be an AES key with an encoded form");
            }
            this.encryptionKey = key.getEncoded();
            return this;
        }

        /**
         * Keys that entries written before a key rotation were sealed with: they still open such
         * entries (after the {@linkplain #encryptionKey(byte[]) current key}), and nothing new is
         * sealed with them. Rotate in three deployments: add the new key here everywhere; then make it
         * the encryption key and list the old one here; once every token written under the old key has
         * expired (the longest token lifetime plus {@code retainAfterExpiry}), drop the old key. Each
         * key as for {@link #encryptionKey(byte[])}; the bytes are copied. Default: none.
         *
         * @param keys the previous keys, the most recent first
         * @return this builder
         */
        public Builder previousEncryptionKeys(byte[]... keys) {
            List<byte[]> copies = new ArrayList<>();
            for (byte[] key : Objects.requireNonNull(keys, "keys")) {
                copies.add(Objects.requireNonNull(key, "key").clone());
            }
            this.previousKeys = copies;
            return this;
        }

        /**
         * The longest a Redis command may take, and the longest a call waits for a free connection
         * (default 500 ms).
         *
         * @param timeout positive, at most one minute
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * The longest opening a connection (TCP and TLS) may take (default 500 ms).
         *
         * @param timeout positive, at most one minute
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * The most connections to Redis this store opens (default 8); a call waits at most the
         * command timeout for a free one.
         *
         * @param maxConnections 1 to 1024
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * How long an entry stays in Redis after its access token expired (default 1 minute), so
         * that a process coming back just after the expiry still finds the refresh token. Redis
         * deletes the entry then.
         *
         * @param retention zero or positive, at most one day
         * @return this builder
         */
        public Builder retainAfterExpiry(Duration retention) {
            this.retainAfterExpiry = retention;
            return this;
        }

        /**
         * The socket factory for {@code rediss://} (default: the JVM's, which trusts the JVM's CA
         * certificates); give one from an {@code SSLContext} with your own trust store for a
         * private CA. Host names are always verified.
         *
         * @param factory the factory
         * @return this builder
         */
        public Builder sslSocketFactory(SSLSocketFactory factory) {
            this.sslSocketFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * The credentials of the Sentinels of a {@code redis-sentinel://} URI, when they require
         * them ({@code requirepass} or an ACL user in {@code sentinel.conf}); default none. The
         * URI's credentials are the master's. Used for {@code AUTH} only.
         *
         * @param user the ACL user, or null for the {@code default} user
         * @param password the password
         * @return this builder
         */
        public Builder sentinelCredentials(String user, String password) {
            this.sentinelUser = user;
            this.sentinelPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * The clock that tells how long a token has left, for its entry's Redis time to live
         * (default the system clock). Leases expire on the Redis server's clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the settings and builds the store. Does not connect: the first call does, so a
         * store can be built while Redis is down.
         *
         * @return the store; close it when done
         * @throws IllegalArgumentException if a setting is missing or out of range (the message never
         *     contains the URI or the key)
         */
        public RedisTokenStore build() {
            if (redisUri == null) {
                throw new IllegalArgumentException("redisUri is required");
            }
            RedisEndpoint endpoint = RedisEndpoint.parse(redisUri);
            if (sslSocketFactory != null && !endpoint.tls) {
                throw new IllegalArgumentException("sslSocketFactory is set but redisUri is not rediss:// or"
                        + " rediss-sentinel://");
            }
            if (sentinelPassword != null && !endpoint.viaSentinel()) {
                throw new IllegalArgumentException("sentinelCredentials are set but redisUri is not redis-sentinel://"
                        + " or rediss-sentinel://");
            }
            if (sentinelPassword != null && sentinelPassword.isEmpty()) {
                throw new IllegalArgumentException("the Sentinels' password is empty");
            }
            if (encryptionKey == null) {
                throw new IllegalArgumentException("encryptionKey is required: tokens are bearer credentials and are"
                        + " only stored encrypted");
            }
            if (keyPrefix == null || keyPrefix.length() > 128 || !keyPrefix.matches("[\\x21-\\x7e]*")) {
                throw new IllegalArgumentException("keyPrefix must be printable ASCII without spaces, at most 128"
                        + " characters");
            }
            checkTimeout(commandTimeout, "commandTimeout");
            checkTimeout(connectTimeout, "connectTimeout");
            if (maxConnections < 1 || maxConnections > 1024) {
                throw new IllegalArgumentException("maxConnections must be 1 to 1024, not " + maxConnections);
            }
            if (retainAfterExpiry == null || retainAfterExpiry.isNegative()
                    || retainAfterExpiry.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("retainAfterExpiry must be zero to one day");
            }
            byte[] key = encryptionKey.clone();
            try {
                return new RedisTokenStore(this, endpoint, key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }

        private static void checkTimeout(Duration timeout, String name) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0
                    || timeout.toMillis() < 1) {
                throw new IllegalArgumentException(name + " must be 1 ms to 1 minute");
            }
        }

        /**
         * A description without the URI's password or the encryption key.
         *
         * @return the description
         */
        @Override
        public String toString() {
            return "RedisTokenStore.Builder{keyPrefix=" + keyPrefix + ", commandTimeout=" + commandTimeout + '}';
        }
    }
}
