package dev.commerceauth.redis;

import static dev.commerceauth.redis.TestSupport.KEY;
import static dev.commerceauth.redis.TestSupport.randomKey;
import static dev.commerceauth.redis.TestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.StoreLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 14: Redis killed, paused ({@code SIGSTOP}) and restarted empty. Every call stays bounded by
 * the timeouts and fails with a {@link StoreUnavailableException}; an outage is logged once when
 * it starts and once when it ends; the store works again when Redis does.
 *
 * <p>The bounds asserted are generous multiples of the configured timeouts (a hung call would take
 * as long as Redis stays paused, here much longer): they check that calls are bounded, not how fast
 * they are.
 */
class RedisOutageTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** connect + pool wait + command, with a wide margin for a loaded CI machine. */
    private static final long BOUND_MILLIS = 4 * (TIMEOUT.toMillis() * 3);

    private static RedisTokenStore store(RedisServer server) {
        return RedisTokenStore.builder().redisUri(server.uri()).encryptionKey(KEYS).commandTimeout(TIMEOUT)
                .connectTimeout(TIMEOUT).maxConnections(4).build();
    }

    private static final byte[] KEYS = randomKey();

    @Test
    void aKilledRedisFailsEveryCallFastAndIsLoggedOncePerOutage() throws Exception {
        try (RedisServer server = RedisServer.start();
                RedisTokenStore store = store(server);
                TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            store.put(KEY, token("at-1"));
            StoreLease lease = store.tryLease(KEY, Duration.ofSeconds(30)).get();
            server.kill();
            for (int i = 0; i < 5; i++) {
                StoreUnavailableException e = failsWithinBound(() -> store.get(KEY));
                assertFalse(e.isTimeout(), "a refused connection is not a timeout");
                assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
                assertTrue(e.getMessage().contains("could not be reached (connection refused)"), e.getMessage());
            }
            failsWithinBound(() -> store.put(KEY, token("at-2")));
            failsWithinBound(() -> store.tryLease(KEY, Duration.ofSeconds(1)));
            failsWithinBound(() -> store.putIfLeaseHeld(KEY, lease, token("at-2")));
            failsWithinBound(() -> store.release(KEY, lease));
            failsWithinBound(() -> store.remove(KEY));
            failsWithinBound(() -> store.remove(KEY, token("at-1")));
            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(1, warnings.size(), "one line per outage, not per call: " + warnings);
            assertTrue(warnings.get(0).contains("unavailable"), warnings.get(0));

            // restarted with its data lost: the store works again, empty, and logs the recovery once
            server.restartEmpty();
            assertFalse(store.get(KEY).isPresent(), "the data is gone");
            StoreLease fresh = store.tryLease(KEY, Duration.ofSeconds(30)).get();
            assertTrue(fresh.fence() >= 1);
            assertTrue(store.putIfLeaseHeld(KEY, fresh, token("at-3")).isPresent());
            assertFalse(store.putIfLeaseHeld(KEY, lease, token("at-stale")).isPresent(),
                    "a lease from before the restart writes nothing");
            assertEquals("at-3", store.get(KEY).get().value());
            List<String> infos = log.messages(Level.INFO);
            assertEquals(1, infos.stream().filter(m -> m.contains("answers again after")).count(), infos.toString());
            assertEquals(1, log.messages(Level.WARNING).size(), "no new warning after recovery");
        }
    }

    @Test
    void aRestartBetweenCallsIsInvisible() throws Exception {
        try (RedisServer server = RedisServer.start();
                RedisTokenStore store = store(server);
                TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            // several pooled connections, all of which the restart closes
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 3; round++) {
                    Future<?>[] calls = new Future<?>[4];
                    for (int i = 0; i < calls.length; i++) {
                        calls[i] = pool.submit(() -> store.put(KEY, token("at-1")));
                    }
                    for (Future<?> f : calls) {
                        f.get(10, TimeUnit.SECONDS);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            server.restartEmpty();
            // the first call finds a dead pooled connection, drops the idle ones and retries on a new one
            assertFalse(store.get(KEY).isPresent());
            store.put(KEY, token("at-2"));
            assertEquals("at-2", store.get(KEY).get().value());
            assertTrue(log.messages(Level.WARNING).isEmpty(), log.messages(Level.WARNING).toString());
        }
    }

    @Test
    void aPausedRedisTimesOutEveryCallAndTheStoreRecoversWhenItResumes() throws Exception {
        try (RedisServer server = RedisServer.start();
                RedisTokenStore store = store(server);
                TestSupport.LogCapture log = new TestSupport.LogCapture()) {
            store.put(KEY, token("at-1"));
            StoreLease lease = store.tryLease(KEY, Duration.ofSeconds(60)).get();
            server.pause();
            try {
                for (int i = 0; i < 3; i++) {
                    StoreUnavailableException e = failsWithinBound(() -> store.get(KEY));
                    assertTrue(e.isTimeout(), e.getMessage());
                    assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
                }
                // concurrent callers: each bounded too, also those waiting for one of the 4 connections
                ExecutorService callers = Executors.newFixedThreadPool(8);
                try {
                    List<Future<StoreUnavailableException>> results = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        results.add(callers.submit(() -> failsWithinBound(() -> store.tryLease(KEY, Duration.ofSeconds(1)))));
                    }
                    for (Future<StoreUnavailableException> r : results) {
                        assertTrue(r.get(30, TimeUnit.SECONDS).isTimeout());
                    }
                } finally {
                    callers.shutdownNow();
                }
                assertEquals(1, log.messages(Level.WARNING).size(), log.messages(Level.WARNING).toString());
            } finally {
                server.resume();
            }
            assertEquals("at-1", store.get(KEY).get().value(), "the data survived the pause");
            assertTrue(store.release(KEY, lease), "the lease too (60 s)");
            assertEquals(1, log.messages(Level.INFO).stream().filter(m -> m.contains("answers again after")).count());
            assertEquals(1, log.messages(Level.WARNING).size());
        }
    }

    private static StoreUnavailableException failsWithinBound(Executable call) {
        long start = System.nanoTime();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, call);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < BOUND_MILLIS, "the call took " + millis + " ms, more than the bound of " + BOUND_MILLIS
                + " ms");
        return e;
    }
}
