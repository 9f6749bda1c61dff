package dev.commerceauth.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The store lane of the shared threads rejects a call only when its limit of calls is in
 * progress: never because a thread that just finished a call was not back waiting for work yet
 * (found in CI: "all 4 shared TokenStore threads are busy" with two store calls in flight, which
 * made a fleet member skip its store for 30 s and request on its own).
 */
class BoundedLaneTest {

    private static BoundedLane lane(int threads) {
        AtomicInteger n = new AtomicInteger();
        return new BoundedLane(threads, 10, "test threads are busy", r -> {
            Thread t = new Thread(r, "bounded-lane-test-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Test
    void callersThatSubmitTheirNextTaskAsSoonAsThePreviousEndsAreNeverRejected() throws Exception {
        int threads = 4;
        BoundedLane lane = lane(threads);
        int callsEach = 20_000;
        AtomicInteger rejected = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < threads; c++) {
            Thread caller = new Thread(() -> {
                for (int i = 0; i < callsEach; i++) {
                    try {
                        // as StoreBridge does it: submit a store call, wait for its outcome, call again
                        CompletableFuture<Integer> outcome = lane.submit(() -> 42);
                        assertEquals(42, outcome.get(10, TimeUnit.SECONDS));
                    } catch (RejectedExecutionException e) {
                        rejected.incrementAndGet();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join(TimeUnit.MINUTES.toMillis(2));
        }
        lane.shutdown();
        assertEquals(0, rejected.get(), "tasks rejected with at most " + threads + " in progress");
    }

    @Test
    void aCallBeyondTheLimitInProgressIsRejectedAtOnceAndAcceptedAgainWhenOneEnds() throws Exception {
        BoundedLane lane = lane(2);
        CountDownLatch hang = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        CompletableFuture<String> first = lane.submit(() -> {
            started.countDown();
            await(hang);
            return "first";
        });
        lane.submit(() -> {
            started.countDown();
            await(hang);
            return "second";
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));

        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> lane.submit(() -> "third"));
        assertEquals("all 2 test threads are busy", e.getMessage());

        hang.countDown();
        assertEquals("first", first.get(10, TimeUnit.SECONDS));
        assertEquals("again", lane.submit(() -> "again").get(10, TimeUnit.SECONDS), "accepted once a call ended");
        lane.shutdown();
        assertThrows(RejectedExecutionException.class, () -> lane.submit(() -> "late"), "shut down");
    }

    @Test
    void aCallThatThrowsHandsOverWhatItThrewAndItsPermit() throws Exception {
        BoundedLane lane = lane(1);
        CompletableFuture<Object> outcome = lane.submit(() -> {
            throw new IllegalStateException("store down");
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> outcome.get(10, TimeUnit.SECONDS));
        assertEquals("store down", e.getCause().getMessage());
        assertEquals("again", lane.submit(() -> "again").get(10, TimeUnit.SECONDS), "the permit came back first");
        lane.shutdown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
