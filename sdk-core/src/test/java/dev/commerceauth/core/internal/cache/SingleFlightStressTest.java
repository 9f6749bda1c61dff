package dev.commerceauth.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TokenProviderListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link SingleFlight} under many threads: refresh ahead on the background lane, waiting callers
 * that promote it to the waiting lane, flights that succeed and flights that fail. Bounded loops; no
 * assertion on speed. Never two requests at once, never one flight run twice, every waiter resumes
 * with its flight's outcome, and the slot is empty at the end.
 */
class SingleFlightStressTest {

    private static final int THREADS = 16;
    private static final int ROUNDS = 400;

    @Test
    void manyThreadsNeverRunTwoRequestsAtOnceNorOneFlightTwice() throws Exception {
        AccessToken token = AccessToken.builder().value("at-stress").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(3600)).build();
        CacheEntry entry = CacheEntry.of(token, RefreshPolicy.defaults());
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger doubleRuns = new AtomicInteger();
        Set<Object> ran = ConcurrentHashMap.newKeySet();
        SingleFlight[] flights = new SingleFlight[1];
        SingleFlight.Owner owner = new SingleFlight.Owner() {
            @Override
            public boolean admit(SingleFlight.Flight flight) {
                return true;
            }

            @Override
            public void run(SingleFlight.Flight flight) {
                if (!ran.add(flight)) {
                    doubleRuns.incrementAndGet();
                }
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                int n = runs.incrementAndGet();
                Thread.yield();
                inFlight.decrementAndGet(); // before the flight leaves the slot: the next may start then
                if (n % 5 == 0) {
                    flights[0].fail(flight, boom);
                } else {
                    flights[0].end(flight, entry);
                }
            }
        };
        SharedRefreshExecutor.Lease lease = SharedRefreshExecutor.acquire();
        try {
            flights[0] = new SingleFlight(lease, lease, new SafeListener(new TokenProviderListener() { }),
                    () -> false, TimeUnit.SECONDS.toNanos(20), owner);
            SingleFlight single = flights[0];
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            AtomicInteger joined = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int r = 0; r < ROUNDS; r++) {
                            if ((r + id) % 3 == 0) {
                                single.start(true); // refresh ahead: nobody waits
                                continue;
                            }
                            try {
                                CacheEntry result = single.join(single.deadline());
                                if (result != null) {
                                    assertSame(entry, result);
                                }
                                joined.incrementAndGet();
                            } catch (TokenException e) {
                                // each waiter gets an exception of its own, caused by the flight's failure
                                assertSame(boom, e.getCause());
                                joined.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }, "flight-stress-" + i);
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(120_000);
                assertFalse(t.isAlive(), t.getName() + " did not finish");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (single.inFlight() && System.nanoTime() < deadline) {
                Thread.sleep(5); // a last refresh ahead may still be queued
            }
            assertTrue(unexpected.isEmpty(), "unexpected: " + unexpected);
            assertFalse(single.inFlight(), "the slot is empty at the end");
            assertEquals(1, maxInFlight.get(), "never two requests at once");
            assertEquals(0, doubleRuns.get(), "a promoted flight runs once");
            assertEquals(runs.get(), ran.size());
            assertTrue(runs.get() >= 1);
            assertEquals(THREADS * ROUNDS - countBackground(), joined.get(), "every waiter resumed");
        } finally {
            lease.release();
        }
    }

    private static int countBackground() {
        int n = 0;
        for (int id = 0; id < THREADS; id++) {
            for (int r = 0; r < ROUNDS; r++) {
                if ((r + id) % 3 == 0) {
                    n++;
                }
            }
        }
        return n;
    }
}
