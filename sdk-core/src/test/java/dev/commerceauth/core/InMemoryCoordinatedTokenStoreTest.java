package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.emulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 14: the in-memory store as a {@link CoordinatedTokenStore}: versions, leases, fencing, expiry. */
class InMemoryCoordinatedTokenStoreTest {

    private static final String KEY = "commerceauth:v1:" + repeat('a', 64);
    private static final String OTHER = "commerceauth:v1:" + repeat('b', 64);
    private static final Duration TTL = Duration.ofSeconds(10);

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryTokenStore store = new InMemoryTokenStore(clock);

    @Test
    void theDefaultStoresAreCoordinated() {
        assertTrue(TokenStore.inMemory() instanceof CoordinatedTokenStore);
        assertTrue(CoordinatedTokenStore.inMemory().tryLease(KEY, TTL).isPresent());
    }

    @Test
    void everyWriteGetsAHigherVersionAlsoAfterARemove() {
        assertFalse(store.getVersioned(KEY).isPresent());
        store.put(KEY, token("at-1"));
        VersionedToken v1 = store.getVersioned(KEY).get();
        assertEquals("at-1", v1.token().value());
        assertEquals(v1.token(), store.get(KEY).get());
        store.put(KEY, token("at-2"));
        VersionedToken v2 = store.getVersioned(KEY).get();
        assertTrue(v2.version() > v1.version());
        store.remove(KEY);
        assertFalse(store.getVersioned(KEY).isPresent());
        assertFalse(store.get(KEY).isPresent());
        store.put(KEY, token("at-3"));
        assertTrue(store.getVersioned(KEY).get().version() > v2.version(), "versions never go back after a remove");
        // keys are independent
        assertFalse(store.get(OTHER).isPresent());
    }

    @Test
    void oneLeaseAtATimeWithGrowingFences() {
        StoreLease a = store.tryLease(KEY, TTL).get();
        assertEquals(KEY, a.key());
        assertEquals(TTL, a.ttl());
        assertFalse(store.tryLease(KEY, TTL).isPresent(), "a live lease excludes every other, the holder's too");
        assertTrue(store.tryLease(OTHER, TTL).isPresent(), "leases are per key");
        assertTrue(store.release(KEY, a));
        assertFalse(store.release(KEY, a), "a released lease is gone");
        StoreLease b = store.tryLease(KEY, TTL).get();
        assertTrue(b.fence() > a.fence());
        assertNotEquals(a.owner(), b.owner());
        assertFalse(b.toString().contains(b.owner()), "toString shows only the start of the owner id");
    }

    @Test
    void theHolderWritesAndTheLeaseStaysHeld() {
        store.put(KEY, token("at-1"));
        long before = store.getVersioned(KEY).get().version();
        StoreLease lease = store.tryLease(KEY, TTL).get();
        assertEquals(before, store.getVersioned(KEY).get().version(), "a lease does not change the token");
        OptionalLong v = store.putIfLeaseHeld(KEY, lease, token("at-2"));
        assertTrue(v.isPresent());
        assertTrue(v.getAsLong() > before);
        assertEquals(VersionedToken.of(token("at-2"), v.getAsLong()), store.getVersioned(KEY).get());
        assertTrue(store.putIfLeaseHeld(KEY, lease, token("at-3")).getAsLong() > v.getAsLong());
        assertTrue(store.release(KEY, lease));
        assertFalse(store.putIfLeaseHeld(KEY, lease, token("at-4")).isPresent(), "a released lease writes nothing");
        assertEquals("at-3", store.get(KEY).get().value());
    }

    @Test
    void aLeaseExpiresByItselfAfterItsTtl() {
        StoreLease a = store.tryLease(KEY, TTL).get();
        clock.advance(TTL.minusMillis(1));
        assertFalse(store.tryLease(KEY, TTL).isPresent());
        assertTrue(store.putIfLeaseHeld(KEY, a, token("at-1")).isPresent());
        clock.advanceMillis(1);
        assertFalse(store.putIfLeaseHeld(KEY, a, token("at-2")).isPresent(), "an expired lease writes nothing");
        assertFalse(store.release(KEY, a));
        assertEquals("at-1", store.get(KEY).get().value(), "the token outlives the lease");
        assertTrue(store.tryLease(KEY, TTL).isPresent(), "after the ttl another process takes over");
    }

    @Test
    void aStaleHolderCanNeverOverwriteTheNewHoldersToken() {
        StoreLease stale = store.tryLease(KEY, TTL).get();
        clock.advance(TTL.plusSeconds(1)); // the holder stalled (GC pause, kill -9)
        StoreLease fresh = store.tryLease(KEY, TTL).get();
        assertTrue(fresh.fence() > stale.fence());
        long v = store.putIfLeaseHeld(KEY, fresh, token("at-new")).getAsLong();
        // the stale holder wakes up and tries to write its older answer, then to release
        assertFalse(store.putIfLeaseHeld(KEY, stale, token("at-old")).isPresent());
        assertFalse(store.release(KEY, stale), "releasing a stale lease never ends the live one");
        assertEquals(VersionedToken.of(token("at-new"), v), store.getVersioned(KEY).get());
        assertFalse(store.tryLease(KEY, TTL).isPresent(), "the new holder still holds its lease");
        assertTrue(store.release(KEY, fresh));
    }

    @Test
    void aForgedLeaseWithTheRightFenceButAnotherOwnerIsRefused() {
        StoreLease real = store.tryLease(KEY, TTL).get();
        StoreLease forged = StoreLease.of(KEY, repeat('0', 32), real.fence(), TTL);
        assertFalse(store.putIfLeaseHeld(KEY, forged, token("at-x")).isPresent());
        assertFalse(store.release(KEY, forged));
        assertTrue(store.release(KEY, real));
    }

    @Test
    void removeKeepsTheLeaseAndComparesValues() {
        StoreLease lease = store.tryLease(KEY, TTL).get();
        store.putIfLeaseHeld(KEY, lease, token("at-1"));
        assertFalse(store.remove(KEY, token("at-other")));
        assertTrue(store.get(KEY).isPresent());
        assertTrue(store.remove(KEY, token("at-1")));
        assertFalse(store.get(KEY).isPresent());
        assertFalse(store.tryLease(KEY, TTL).isPresent(), "removing the token does not end the lease");
        assertTrue(store.putIfLeaseHeld(KEY, lease, token("at-2")).isPresent());
        store.remove(KEY);
        assertFalse(store.get(KEY).isPresent());
        assertTrue(store.release(KEY, lease));
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> store.tryLease(KEY, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> store.tryLease(KEY, Duration.ofNanos(999_999)));
        assertThrows(IllegalArgumentException.class, () -> store.tryLease(KEY, Duration.ofSeconds(-1)));
        StoreLease lease = store.tryLease(KEY, TTL).get();
        assertThrows(IllegalArgumentException.class, () -> store.putIfLeaseHeld(OTHER, lease, token("at-1")));
        assertThrows(IllegalArgumentException.class, () -> store.release(OTHER, lease));
        assertThrows(NullPointerException.class, () -> store.putIfLeaseHeld(KEY, null, token("at-1")));
        assertThrows(NullPointerException.class, () -> store.putIfLeaseHeld(KEY, lease, null));
        assertThrows(IllegalArgumentException.class, () -> VersionedToken.of(token("at-1"), 0));
        assertThrows(IllegalArgumentException.class, () -> StoreLease.of(KEY, "short", 1, TTL));
        assertThrows(IllegalArgumentException.class, () -> StoreLease.of(KEY, repeat('a', 32), 0, TTL));
        // a huge ttl saturates instead of overflowing
        assertTrue(store.release(KEY, lease));
        StoreLease forever = store.tryLease(KEY, Duration.ofSeconds(Long.MAX_VALUE)).get();
        clock.advanceSeconds(365L * 24 * 3600);
        assertFalse(store.tryLease(KEY, TTL).isPresent());
        assertTrue(store.release(KEY, forever));
    }

    @Test
    void manyThreadsNeverHoldTheLeaseTogether() throws Exception {
        // a real (monotonic) clock and a long ttl: leases end by release only
        InMemoryTokenStore shared = new InMemoryTokenStore();
        int threads = 16;
        int rounds = 2_000;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        AtomicLong lastFence = new AtomicLong();
        AtomicInteger fenceRegressions = new AtomicInteger();
        AtomicInteger failedWrites = new AtomicInteger();
        List<Long> versions = Collections.synchronizedList(new ArrayList<Long>());
        runConcurrently(threads, () -> {
            for (int i = 0; i < rounds; i++) {
                Optional<StoreLease> lease = shared.tryLease(KEY, Duration.ofMinutes(1));
                if (!lease.isPresent()) {
                    Thread.yield();
                    continue;
                }
                acquired.incrementAndGet();
                if (holders.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                if (lease.get().fence() <= lastFence.getAndSet(lease.get().fence())) {
                    fenceRegressions.incrementAndGet();
                }
                OptionalLong v = shared.putIfLeaseHeld(KEY, lease.get(), token("at-" + lease.get().fence()));
                if (v.isPresent()) {
                    versions.add(v.getAsLong());
                } else {
                    failedWrites.incrementAndGet();
                }
                holders.decrementAndGet();
                if (!shared.release(KEY, lease.get())) {
                    failedWrites.incrementAndGet();
                }
            }
        });
        assertEquals(0, overlaps.get(), "two threads held the lease at the same time");
        assertEquals(0, fenceRegressions.get(), "a later lease had a lower fencing number");
        assertEquals(0, failedWrites.get(), "a live holder could not write or release");
        assertTrue(acquired.get() > 0);
        assertEquals(acquired.get(), versions.size());
        assertEquals(versions.size(), versions.stream().distinct().count(), "two writes got the same version");
        long max = Collections.max(versions);
        assertEquals(max, shared.getVersioned(KEY).get().version(), "the last write is the one stored");
    }

    @Test
    void manyThreadsWithExpiringLeasesNeverLetAStaleHolderWrite() throws Exception {
        // leases of 5 ms on a manual clock that a ticker moves on: holders keep "stalling" past their ttl
        ManualClock manual = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryTokenStore shared = new InMemoryTokenStore(manual);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread ticker = new Thread(() -> {
            while (running.get()) {
                manual.advanceMillis(1);
                Thread.yield();
            }
        });
        ticker.start();
        List<long[]> writes = Collections.synchronizedList(new ArrayList<long[]>());
        AtomicInteger refused = new AtomicInteger();
        try {
            runConcurrently(12, () -> {
                for (int i = 0; i < 3_000; i++) {
                    Optional<StoreLease> lease = shared.tryLease(KEY, Duration.ofMillis(5));
                    if (!lease.isPresent()) {
                        continue;
                    }
                    for (int w = 0; w < 3; w++) { // a few writes spread over the lease's life (and beyond)
                        OptionalLong v = shared.putIfLeaseHeld(KEY, lease.get(), token("at-" + lease.get().fence()));
                        if (v.isPresent()) {
                            writes.add(new long[] {v.getAsLong(), lease.get().fence()});
                        } else {
                            refused.incrementAndGet();
                        }
                        Thread.yield();
                    }
                    if (i % 2 == 0) {
                        shared.release(KEY, lease.get()); // the others just let it expire
                    }
                }
            });
        } finally {
            running.set(false);
            ticker.join();
        }
        List<long[]> ordered = new ArrayList<>(writes);
        ordered.sort((x, y) -> Long.compare(x[0], y[0]));
        for (int i = 1; i < ordered.size(); i++) {
            assertTrue(ordered.get(i)[1] >= ordered.get(i - 1)[1], "a write under fence " + ordered.get(i)[1]
                    + " came after one under the newer fence " + ordered.get(i - 1)[1]);
        }
        assertTrue(ordered.size() > 0);
        VersionedToken last = shared.getVersioned(KEY).get();
        long[] lastWrite = ordered.get(ordered.size() - 1);
        assertEquals(lastWrite[0], last.version());
        assertEquals("at-" + lastWrite[1], last.token().value());
    }

    private static void runConcurrently(int threads, ThrowingRunnable body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    static AccessToken token(String value) {
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        return AccessToken.builder().value(value).issuedAt(issued).expiresAt(issued.plusSeconds(3600)).build();
    }

    private static String repeat(char c, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(c);
        }
        return b.toString();
    }
}
