package dev.commerceauth.redis;

import static dev.commerceauth.redis.TestSupport.KEY;
import static dev.commerceauth.redis.TestSupport.OTHER_KEY;
import static dev.commerceauth.redis.TestSupport.randomKey;
import static dev.commerceauth.redis.TestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CoordinatedTokenStore;
import dev.commerceauth.core.StoreLease;
import dev.commerceauth.core.VersionedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Issue 14: the Redis store's semantics against a real redis-server. */
class RedisTokenStoreTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    private static RedisServer server;
    private static Jedis redis;
    private final List<RedisTokenStore> stores = new ArrayList<>();
    private byte[] key;
    private RedisTokenStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        redis = server.client();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() {
        redis.flushAll();
        key = randomKey();
        store = store(key, "test:");
    }

    @AfterEach
    void closeStores() {
        for (RedisTokenStore s : stores) {
            s.close();
        }
    }

    private RedisTokenStore store(byte[] encryptionKey, String prefix) {
        RedisTokenStore s = RedisTokenStore.builder().redisUri(server.uri()).keyPrefix(prefix)
                .encryptionKey(encryptionKey).build();
        stores.add(s);
        return s;
    }

    @Test
    void aTokenRoundTripsWithEveryField() {
        AccessToken token = token("at-roundtrip-0123456789");
        assertFalse(store.get(KEY).isPresent());
        store.put(KEY, token);
        assertEquals(token, store.get(KEY).get(), "value, type, times, scope, refresh token and extra fields");
        assertEquals(token.extraFields(), store.get(KEY).get().extraFields());
        AccessToken minimal = AccessToken.builder().value("at-min").issuedAt(Instant.EPOCH)
                .expiresAt(Instant.now().plusSeconds(60)).build();
        store.put(OTHER_KEY, minimal);
        assertEquals(minimal, store.get(OTHER_KEY).get());
        assertTrue(CoordinatedTokenStore.class.isInstance(store));
    }

    @Test
    void everyWriteGetsAHigherVersionAlsoAfterARemove() {
        store.put(KEY, token("at-1"));
        VersionedToken v1 = store.getVersioned(KEY).get();
        store.put(KEY, token("at-2"));
        VersionedToken v2 = store.getVersioned(KEY).get();
        assertEquals("at-2", v2.token().value());
        assertTrue(v2.version() > v1.version());
        store.remove(KEY);
        assertFalse(store.getVersioned(KEY).isPresent());
        store.put(KEY, token("at-3"));
        assertTrue(store.getVersioned(KEY).get().version() > v2.version());
    }

    @Test
    void removeWithExpectedComparesTheAccessTokenAtomically() {
        store.put(KEY, token("at-1"));
        assertFalse(store.remove(KEY, token("at-other")));
        assertTrue(store.get(KEY).isPresent());
        assertTrue(store.remove(KEY, token("at-1")));
        assertFalse(store.get(KEY).isPresent());
        assertFalse(store.remove(KEY, token("at-1")), "nothing left to remove");
    }

    @Test
    void leasesAreExclusiveAcrossStoresWithGrowingFences() {
        RedisTokenStore second = store(key, "test:"); // another "process"
        StoreLease a = store.tryLease(KEY, TTL).get();
        assertEquals(KEY, a.key());
        assertFalse(second.tryLease(KEY, TTL).isPresent());
        assertFalse(store.tryLease(KEY, TTL).isPresent(), "not reentrant");
        assertTrue(second.tryLease(OTHER_KEY, TTL).isPresent(), "per key");
        assertFalse(second.release(KEY, StoreLease.of(KEY, TestSupport.repeat('0', 32), a.fence(), TTL)),
                "a forged lease releases nothing");
        assertTrue(store.release(KEY, a));
        assertFalse(store.release(KEY, a));
        StoreLease b = second.tryLease(KEY, TTL).get();
        assertTrue(b.fence() > a.fence());
        assertNotEquals(a.owner(), b.owner());
    }

    @Test
    void theHolderWritesUnderItsLeaseAndAStaleHolderNever() throws Exception {
        RedisTokenStore second = store(key, "test:");
        StoreLease stale = store.tryLease(KEY, Duration.ofMillis(200)).get();
        OptionalLong v1 = store.putIfLeaseHeld(KEY, stale, token("at-1"));
        assertTrue(v1.isPresent());
        assertEquals(v1.getAsLong(), second.getVersioned(KEY).get().version());
        Thread.sleep(400); // the holder stalls past its ttl; Redis ends the lease by itself
        StoreLease fresh = second.tryLease(KEY, TTL).get();
        assertTrue(fresh.fence() > stale.fence());
        long v2 = second.putIfLeaseHeld(KEY, fresh, token("at-2")).getAsLong();
        assertTrue(v2 > v1.getAsLong());
        assertFalse(store.putIfLeaseHeld(KEY, stale, token("at-stale")).isPresent(), "the stale holder cannot write");
        assertFalse(store.release(KEY, stale), "nor end the new holder's lease");
        assertEquals(v2, store.getVersioned(KEY).get().version());
        assertEquals("at-2", store.get(KEY).get().value());
        assertFalse(store.tryLease(KEY, TTL).isPresent());
        assertTrue(second.release(KEY, fresh));
        assertFalse(second.putIfLeaseHeld(KEY, fresh, token("at-3")).isPresent(), "a released lease writes nothing");
    }

    @Test
    void redisExpiresTheLeaseAndTheTokenEntryFollowsTheTokensExpiry() {
        Instant now = Instant.now();
        RedisTokenStore fixed = RedisTokenStore.builder().redisUri(server.uri()).keyPrefix("ttl:").encryptionKey(key)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).retainAfterExpiry(Duration.ofSeconds(30)).build();
        stores.add(fixed);
        AccessToken token = AccessToken.builder().value("at-ttl").issuedAt(now).expiresAt(now.plusSeconds(100)).build();
        fixed.put(KEY, token);
        long pttl = redis.pttl(fixed.entryKey(KEY));
        assertTrue(pttl > 120_000 && pttl <= 130_000, "entry ttl = expiry + retention, was " + pttl);
        long metaTtl = redis.pttl(fixed.metaKey(KEY));
        assertTrue(metaTtl > Duration.ofHours(24).toMillis(), "counters outlive the entry, was " + metaTtl);

        StoreLease lease = fixed.tryLease(KEY, Duration.ofSeconds(7)).get();
        long leaseTtl = redis.pttl(fixed.leaseKey(KEY));
        assertTrue(leaseTtl > 0 && leaseTtl <= 7_000, "lease ttl, was " + leaseTtl);
        fixed.putIfLeaseHeld(KEY, lease, AccessToken.builder().value("at-short").issuedAt(now)
                .expiresAt(now.plusSeconds(5)).build());
        pttl = redis.pttl(fixed.entryKey(KEY));
        assertTrue(pttl > 25_000 && pttl <= 35_000, "a write under a lease sets the ttl too, was " + pttl);

        // a token that expired long ago is not kept
        fixed.put(OTHER_KEY, AccessToken.builder().value("at-old").issuedAt(now.minusSeconds(7200))
                .expiresAt(now.minusSeconds(3600)).build());
        assertTrue(redis.pttl(fixed.entryKey(OTHER_KEY)) <= 1, "gone (or about to be)");
    }

    @Test
    void versionsKeepGrowingWhenTheEntryExpired() throws Exception {
        Instant now = Instant.now();
        RedisTokenStore shortLived = RedisTokenStore.builder().redisUri(server.uri()).keyPrefix("exp:").encryptionKey(key)
                .retainAfterExpiry(Duration.ZERO).build();
        stores.add(shortLived);
        shortLived.put(KEY, AccessToken.builder().value("at-1").issuedAt(now).expiresAt(now.plusMillis(150)).build());
        long v1 = shortLived.getVersioned(KEY).get().version();
        Thread.sleep(400);
        assertFalse(shortLived.get(KEY).isPresent(), "Redis deleted the expired entry");
        shortLived.put(KEY, token("at-2"));
        assertTrue(shortLived.getVersioned(KEY).get().version() > v1);
    }

    @Test
    void keysLiveUnderThePrefixAndHoldNoSecret() {
        AccessToken token = token("at-secret-value-0123456789");
        StoreLease lease = store.tryLease(KEY, TTL).get();
        store.putIfLeaseHeld(KEY, lease, token);
        RedisTokenStore other = store(key, "otherapp:");
        other.put(KEY, token("at-other-app"));
        Set<String> keys = redis.keys("*");
        assertEquals(5, keys.size(), keys.toString()); // entry, lease, meta; and otherapp's entry and meta
        for (String k : keys) {
            assertTrue(k.startsWith("test:{" + KEY + "}") || k.startsWith("otherapp:{" + KEY + "}"), k);
            String dump = redis.type(k).equals("hash") ? redis.hgetAll(k).toString() : redis.get(k);
            assertFalse(dump.contains("at-secret"), k + " holds the token in clear");
            assertFalse(dump.contains("rt-at-secret"), k + " holds the refresh token in clear");
        }
        assertEquals("at-secret-value-0123456789", store.get(KEY).get().value(), "prefixes do not mix");
        assertEquals("at-other-app", other.get(KEY).get().value());
        Map<String, String> meta = redis.hgetAll(store.metaKey(KEY));
        assertEquals(Long.toString(lease.fence()), meta.get("f"));
        assertEquals(store.getVersioned(KEY).get().version(), Long.parseLong(meta.get("v")));
        assertEquals(lease.owner() + ":" + lease.fence(), redis.get(store.leaseKey(KEY)));
    }

    @Test
    void aTamperedEntryIsIgnoredAndLoggedOnce() {
        store.put(KEY, token("at-1"));
        String stored = redis.get(store.entryKey(KEY));
        String[] parts = stored.split(":", 3); // version, format, Base64
        byte[] raw = Base64.getDecoder().decode(parts[2]);
        raw[raw.length / 2] ^= 1;
        redis.set(store.entryKey(KEY), parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(raw));
        try (TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            assertFalse(store.get(KEY).isPresent());
            assertFalse(store.getVersioned(KEY).isPresent());
            assertFalse(store.remove(KEY, token("at-1")), "an entry that does not open is not the expected token");
            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("does not authenticate"), warnings.get(0));
            assertFalse(log.all().contains("at-1"));
            // garbage is ignored too
            redis.set(store.entryKey(OTHER_KEY), "garbage");
            assertFalse(store.get(OTHER_KEY).isPresent());
            assertEquals(2, log.messages(Level.WARNING).size());
        }
        store.put(KEY, token("at-2"));
        assertEquals("at-2", store.get(KEY).get().value(), "the next write replaces it");
    }

    @Test
    void anEntryWrittenUnderAnotherKeyIsIgnored() {
        RedisTokenStore wrongKey = store(randomKey(), "test:");
        store.put(KEY, token("at-1"));
        try (TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            assertFalse(wrongKey.get(KEY).isPresent());
            assertEquals(1, log.messages(Level.WARNING).size());
        }
        assertEquals("at-1", store.get(KEY).get().value());
    }

    @Test
    void aKeyRotationKeepsEveryStoreReadingWhatTheOthersWrote() {
        byte[] oldKey = key;
        byte[] newKey = randomKey();
        RedisTokenStore stillOld = RedisTokenStore.builder().redisUri(server.uri()).keyPrefix("test:")
                .encryptionKey(oldKey).previousEncryptionKeys(newKey).build(); // step 1: knows the new key
        RedisTokenStore rotated = RedisTokenStore.builder().redisUri(server.uri()).keyPrefix("test:")
                .encryptionKey(newKey).previousEncryptionKeys(oldKey).build(); // step 2: writes with it
        RedisTokenStore newOnly = store(newKey, "test:"); // step 3: the old key dropped
        stores.add(stillOld);
        stores.add(rotated);
        store.put(KEY, token("at-old"));
        assertEquals("at-old", rotated.get(KEY).get().value(), "an entry sealed under the previous key opens");
        rotated.put(KEY, token("at-new"));
        assertEquals("at-new", stillOld.get(KEY).get().value(), "a process not yet switched reads the new key's entry");
        assertEquals("at-new", newOnly.get(KEY).get().value());
        store.put(KEY, token("at-old-again"));
        try (TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            assertFalse(newOnly.get(KEY).isPresent(), "once the old key is dropped, its entries no longer open");
            assertEquals(1, log.messages(Level.WARNING).size());
        }
        assertThrows(IllegalArgumentException.class, () -> RedisTokenStore.builder().redisUri(server.uri())
                .encryptionKey(newKey).previousEncryptionKeys(new byte[7]).build());
    }

    @Test
    void anEntryCopiedToAnotherKeyIsRejected() {
        store.put(KEY, token("at-1"));
        redis.set(store.entryKey(OTHER_KEY), redis.get(store.entryKey(KEY)));
        assertFalse(store.get(OTHER_KEY).isPresent(), "the Redis key is the associated data");
        RedisTokenStore otherPrefix = store(key, "elsewhere:");
        redis.set(otherPrefix.entryKey(KEY), redis.get(store.entryKey(KEY)));
        assertFalse(otherPrefix.get(KEY).isPresent(), "moving an entry under another prefix is rejected too");
        assertEquals("at-1", store.get(KEY).get().value());
    }

    @Test
    void eachWriteUsesAFreshNonce() {
        AccessToken token = token("at-same");
        store.put(KEY, token);
        String first = redis.get(store.entryKey(KEY)).split(":", 2)[1];
        store.put(KEY, token);
        String second = redis.get(store.entryKey(KEY)).split(":", 2)[1];
        assertNotEquals(first, second);
    }

    @Test
    void scriptsAreSentAgainAfterRedisForgotThem() {
        store.put(KEY, token("at-1"));
        redis.scriptFlush();
        StoreLease lease = store.tryLease(KEY, TTL).get();
        redis.scriptFlush();
        assertTrue(store.putIfLeaseHeld(KEY, lease, token("at-2")).isPresent());
        redis.scriptFlush();
        assertTrue(store.release(KEY, lease));
    }

    @Test
    void aRetriedLeaseCallFindsItsOwnLeaseInsteadOfLockingItselfOut() {
        // the store retries a call once when Redis dropped the connection; if the first attempt had
        // taken the lease, the retry (same owner id) must get that lease back, not "held by someone"
        List<String> keys = java.util.Arrays.asList(store.leaseKey(KEY), store.metaKey(KEY));
        List<String> args = java.util.Arrays.asList("owner-0123456789abcdef", "10000", "90000000");
        Object first = redis.eval(Script.LEASE.text, keys, args);
        Object retried = redis.eval(Script.LEASE.text, keys, args);
        assertEquals(first, retried);
        assertEquals(-1L, redis.eval(Script.LEASE.text, keys,
                java.util.Arrays.asList("other-0123456789abcdef", "10000", "90000000")));
        assertFalse(store.tryLease(KEY, TTL).isPresent());
    }

    @Test
    void theBannedJsonLibraryIsNotNeeded() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.json.JSONObject"),
                "org.json must stay excluded from Jedis's dependencies");
        // and every operation above ran without it; one more for good measure
        store.put(KEY, token("at-1"));
        assertTrue(store.get(KEY).isPresent());
    }

    @Test
    void argumentsAreChecked() {
        StoreLease lease = store.tryLease(KEY, TTL).get();
        assertThrows(IllegalArgumentException.class, () -> store.putIfLeaseHeld(OTHER_KEY, lease, token("at-1")));
        assertThrows(IllegalArgumentException.class, () -> store.release(OTHER_KEY, lease));
        assertThrows(IllegalArgumentException.class, () -> store.tryLease(KEY, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> store.tryLease(KEY, Duration.ofNanos(10)));
        assertThrows(NullPointerException.class, () -> store.get(null));
        assertThrows(IllegalArgumentException.class, () -> store.get(""));
        store.close();
        assertThrows(IllegalStateException.class, () -> store.get(KEY));
        assertTrue(store.toString().contains("closed"));
    }

    @Test
    void manyThreadsInTwoStoresNeverHoldTheLeaseTogether() throws Exception {
        RedisTokenStore a = store(key, "fleet:");
        RedisTokenStore b = store(key, "fleet:");
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger failedWrites = new AtomicInteger();
        AtomicLong lastFence = new AtomicLong();
        AtomicInteger fenceRegressions = new AtomicInteger();
        List<Long> versions = Collections.synchronizedList(new ArrayList<Long>());
        runConcurrently(16, thread -> {
            RedisTokenStore mine = thread % 2 == 0 ? a : b;
            for (int i = 0; i < 150; i++) {
                Optional<StoreLease> lease = mine.tryLease(KEY, Duration.ofSeconds(30));
                if (!lease.isPresent()) {
                    continue;
                }
                if (holders.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                if (lease.get().fence() <= lastFence.getAndSet(lease.get().fence())) {
                    fenceRegressions.incrementAndGet();
                }
                OptionalLong v = mine.putIfLeaseHeld(KEY, lease.get(), token("at-" + lease.get().fence()));
                if (v.isPresent()) {
                    versions.add(v.getAsLong());
                } else {
                    failedWrites.incrementAndGet();
                }
                holders.decrementAndGet();
                if (!mine.release(KEY, lease.get())) {
                    failedWrites.incrementAndGet();
                }
            }
        });
        assertEquals(0, overlaps.get(), "two holders at once");
        assertEquals(0, fenceRegressions.get());
        assertEquals(0, failedWrites.get());
        assertFalse(versions.isEmpty());
        assertEquals(versions.size(), versions.stream().distinct().count());
        VersionedToken last = a.getVersioned(KEY).get();
        assertEquals((long) Collections.max(versions), last.version());
        assertEquals(last, b.getVersioned(KEY).get());
    }

    @Test
    void withShortLeasesAWriteUnderAnOlderFenceNeverFollowsANewerOne() throws Exception {
        RedisTokenStore a = store(key, "fence:");
        RedisTokenStore b = store(key, "fence:");
        List<long[]> writes = Collections.synchronizedList(new ArrayList<long[]>());
        runConcurrently(8, thread -> {
            RedisTokenStore mine = thread % 2 == 0 ? a : b;
            for (int i = 0; i < 100; i++) {
                Optional<StoreLease> lease = mine.tryLease(KEY, Duration.ofMillis(3));
                if (!lease.isPresent()) {
                    continue;
                }
                for (int w = 0; w < 3; w++) {
                    OptionalLong v = mine.putIfLeaseHeld(KEY, lease.get(), token("at-" + lease.get().fence()));
                    if (v.isPresent()) {
                        writes.add(new long[] {v.getAsLong(), lease.get().fence()});
                    }
                    Thread.sleep(1);
                }
            }
        });
        List<long[]> ordered = new ArrayList<>(writes);
        ordered.sort((x, y) -> Long.compare(x[0], y[0]));
        assertFalse(ordered.isEmpty());
        for (int i = 1; i < ordered.size(); i++) {
            assertTrue(ordered.get(i)[1] >= ordered.get(i - 1)[1], "fence " + ordered.get(i)[1] + " wrote after "
                    + ordered.get(i - 1)[1]);
        }
        long[] lastWrite = ordered.get(ordered.size() - 1);
        assertEquals("at-" + lastWrite[1], a.get(KEY).get().value());
    }

    private static void runConcurrently(int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }
}
