package dev.commerceauth.redis;

import static dev.commerceauth.redis.TestSupport.KEY;
import static dev.commerceauth.redis.TestSupport.randomKey;
import static dev.commerceauth.redis.TestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A store behind Redis Sentinel, against real processes: a master, a replica and a Sentinel. It
 * finds the master through the Sentinel, follows a failover (the old master gone, or turned into a
 * replica that answers {@code READONLY}), and says clearly when no Sentinel answers, none knows the
 * master, or a Sentinel refuses the credentials.
 */
class RedisSentinelTest {

    private static RedisTokenStore store(String uri, byte[] key) {
        return RedisTokenStore.builder().redisUri(uri).encryptionKey(key)
                .commandTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(1)).build();
    }

    private static String uri(RedisSentinel sentinel) {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "/0#" + RedisSentinel.MASTER;
    }

    @Test
    void theStoreUsesTheMasterTheSentinelNames() throws Exception {
        byte[] key = randomKey();
        try (RedisServer master = RedisServer.start();
                RedisSentinel sentinel = RedisSentinel.watching(master, null);
                RedisTokenStore store = store(uri(sentinel), key);
                RedisTokenStore direct = store(master.uri(), key)) {
            java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
            AccessToken token = token("at-sentinel");
            store.put(KEY, token);
            assertEquals(Optional.of(token.value()), store.get(KEY).map(AccessToken::value));
            assertEquals(Optional.of(token.value()), direct.get(KEY).map(AccessToken::value), "written on the master");
            assertTrue(store.toString().contains("redis-sentinel://127.0.0.1:" + sentinel.port() + "/0#tokens"),
                    store.toString());
            // no listener thread (Jedis's own Sentinel support starts one per Sentinel): the
            // store asks again when the master fails, and an unclosed store keeps no JVM alive
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                assertTrue(before.contains(t) || t.isDaemon() || !t.isAlive(), "a thread of the store: " + t.getName());
            }
        }
    }

    /**
     * A master, its replica and a Sentinel; a store behind the Sentinel and one on the replica, with
     * the same key; {@code at-1} written through the Sentinel and replicated.
     */
    private static final class Failover implements AutoCloseable {
        final RedisServer master = RedisServer.start();
        final RedisServer replica = RedisServer.replicaOf(master);
        final RedisSentinel sentinel = RedisSentinel.watching(master, null);
        final byte[] key = randomKey();
        final RedisTokenStore store;
        final RedisTokenStore onReplica = store(replica.uri(), key);

        Failover(Duration timeouts) throws Exception {
            store = RedisTokenStore.builder().redisUri(uri(sentinel)).encryptionKey(key)
                    .commandTimeout(timeouts).connectTimeout(timeouts).build();
            store.put(KEY, token("at-1"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Optional.of("at-1").equals(onReplica.get(KEY).map(AccessToken::value))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("not replicated within 10 s");
                }
                Thread.sleep(20);
            }
        }

        /** Fails the master over to the replica. */
        void failover() throws InterruptedException {
            assertEquals(replica.port(), sentinel.failover(30_000));
        }

        @Override
        public void close() throws Exception {
            // in reverse order of opening, each even if another fails (a paused master is resumed by its close)
            try (RedisServer m = master; RedisServer r = replica; RedisSentinel s = sentinel;
                    RedisTokenStore a = store; RedisTokenStore b = onReplica) {
                assertTrue(m.port() > 0);
            }
        }
    }

    @Test
    void afterAFailoverTheStoreWritesToThePromotedReplica() throws Exception {
        try (Failover f = new Failover(Duration.ofSeconds(1))) {
            f.failover();
            // the old master turned into a replica of the new one: writes to it answer READONLY, and the store
            // asks the Sentinel again instead of failing
            try (Jedis old = f.master.client()) {
                old.replicaof("127.0.0.1", f.replica.port());
            }
            f.store.put(KEY, token("at-2"));
            assertEquals(Optional.of("at-2"), f.onReplica.get(KEY).map(AccessToken::value), "written on the new master");
            assertEquals(Optional.of("at-2"), f.store.get(KEY).map(AccessToken::value));
        }
    }

    @Test
    void aMasterThatIsGoneIsFoundAgainThroughTheSentinel() throws Exception {
        try (Failover f = new Failover(Duration.ofSeconds(1))) {
            f.failover();
            f.master.kill();
            // the pooled connections to the killed master fail; the same call asks the Sentinel and reads again
            assertEquals(Optional.of("at-1"), f.store.get(KEY).map(AccessToken::value));
            f.store.put(KEY, token("at-2"));
            assertEquals(Optional.of("at-2"), f.onReplica.get(KEY).map(AccessToken::value));
        }
    }

    @Test
    void callsInFlightDuringAFailoverFailCleanlyOrSucceedAndThenAllUseTheNewMaster() throws Exception {
        try (Failover f = new Failover(Duration.ofSeconds(1))) {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger afterKill = new java.util.concurrent.atomic.AtomicInteger();
            java.util.Queue<Throwable> unexpected = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.List<Thread> callers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            if (n % 2 == 0) {
                                f.store.get(KEY);
                            } else {
                                f.store.put(KEY, token("at-" + n));
                            }
                            if (killed.get()) {
                                afterKill.incrementAndGet();
                            }
                        } catch (StoreUnavailableException expected) {
                            // a call in flight on the master that went away
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                    }
                });
                callers.add(t);
                t.start();
            }
            Thread.sleep(300);
            f.failover();
            f.master.kill();
            killed.set(true);
            long deadline = System.currentTimeMillis() + 20_000;
            while (afterKill.get() < 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            stop.set(true);
            for (Thread t : callers) {
                t.join(10_000);
            }
            assertEquals(java.util.Collections.emptyList(), new java.util.ArrayList<>(unexpected),
                    "every failure is a StoreUnavailableException");
            assertTrue(afterKill.get() >= 200, "calls succeed on the new master: " + afterKill.get());
            f.store.put(KEY, token("at-last"));
            assertEquals(Optional.of("at-last"), f.onReplica.get(KEY).map(AccessToken::value));
        }
    }

    @Test
    void aMasterThatStopsAnsweringIsAskedForAgainAtTheNextCall() throws Exception {
        try (Failover f = new Failover(Duration.ofSeconds(1))) {
            f.master.pause(); // SIGSTOP: connections stay open, nothing answers
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> f.store.get(KEY));
            assertTrue(e.isTimeout(), "a call to a master that does not answer times out, and is not run again");
            f.failover();
            // the call after a timeout asks the Sentinel first
            assertEquals(Optional.of("at-1"), f.store.get(KEY).map(AccessToken::value));
        }
    }

    @Test
    void whileNoSentinelAnswersTheMasterInUseStaysInUse() throws Exception {
        try (RedisServer master = RedisServer.start();
                RedisSentinel sentinel = RedisSentinel.watching(master, null);
                RedisTokenStore store = store(uri(sentinel), randomKey())) {
            store.put(KEY, token("at-1"));
            master.pause();
            assertTrue(assertThrows(StoreUnavailableException.class, () -> store.get(KEY)).isTimeout());
            master.resume(); // the timeout makes the next call ask the Sentinel, which is gone now:
            sentinel.close();
            assertEquals(Optional.of("at-1"), store.get(KEY).map(AccessToken::value), "the master in use serves");
            store.put(KEY, token("at-2"));
            assertEquals(Optional.of("at-2"), store.get(KEY).map(AccessToken::value));
        }
    }

    @Test
    void noSentinelAnsweringIsAStoreFailureThatNamesTheSentinelsNotThePassword() throws Exception {
        int closedPort = closedPort();
        try (RedisTokenStore store = store("redis-sentinel://:master-s3cret@127.0.0.1:" + closedPort + "/0#tokens",
                randomKey())) {
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.get(KEY));
            assertTrue(e.getMessage().startsWith("No Sentinel answered (asked 127.0.0.1:" + closedPort + "; the last one"
                    + " could not be reached: connection refused), so the master 'tokens' is not known"), e.getMessage());
            assertFalse(e.isTimeout());
            assertFalse(e.getMessage().contains("master-s3cret"), e.getMessage());
            assertFalse(store.toString().contains("master-s3cret"), store.toString());
        }
    }

    @Test
    void aSentinelThatDoesNotAnswerIsSkippedForTheNext() throws Exception {
        int closedPort = closedPort();
        byte[] key = randomKey();
        try (RedisServer master = RedisServer.start();
                RedisSentinel sentinel = RedisSentinel.watching(master, null);
                RedisTokenStore store = store("redis-sentinel://127.0.0.1:" + closedPort + ",127.0.0.1:" + sentinel.port()
                        + "/0#" + RedisSentinel.MASTER, key);
                RedisTokenStore direct = store(master.uri(), key)) {
            store.put(KEY, token("at-second-sentinel"));
            assertEquals(Optional.of("at-second-sentinel"), direct.get(KEY).map(AccessToken::value));
        }
    }

    @Test
    void aMasterNameNoSentinelKnowsIsSaidSo() throws Exception {
        try (RedisServer master = RedisServer.start();
                RedisSentinel sentinel = RedisSentinel.watching(master, null);
                RedisTokenStore store = store("redis-sentinel://127.0.0.1:" + sentinel.port() + "/0#no-such-master",
                        randomKey())) {
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.get(KEY));
            assertTrue(e.getMessage().startsWith("No Sentinel knows a master named 'no-such-master'"), e.getMessage());
        }
    }

    @Test
    void aSentinelWithAPasswordNeedsTheSentinelCredentials() throws Exception {
        byte[] key = randomKey();
        try (RedisServer master = RedisServer.start();
                RedisSentinel sentinel = RedisSentinel.watching(master, "sentinel-s3cret")) {
            try (RedisTokenStore without = store(uri(sentinel), key)) {
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> without.get(KEY));
                assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
                assertTrue(e.getMessage().contains("sentinelCredentials"), e.getMessage());
            }
            try (RedisTokenStore with = RedisTokenStore.builder().redisUri(uri(sentinel)).encryptionKey(key)
                    .sentinelCredentials(null, "sentinel-s3cret").build()) {
                with.put(KEY, token("at-auth"));
                assertEquals(Optional.of("at-auth"), with.get(KEY).map(AccessToken::value));
                assertFalse(with.toString().contains("sentinel-s3cret"), with.toString());
            }
        }
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
