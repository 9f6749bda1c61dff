package dev.commerceauth.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The store lane of the shared threads rejects a call only when its limit of calls is in
 * progress (after waiting for one of them to end, when the caller allows a wait): never because a
 * thread that just finished a call was not back waiting for work yet
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
        AtomicInteger answered = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < threads; c++) {
            Thread caller = new Thread(() -> {
                for (int i = 0; i < callsEach; i++) {
                    try {
                        // as StoreBridge does it: submit a store call, wait for its outcome, call again
                        CompletableFuture<Integer> outcome = lane.submit(() -> 42);
                        if (outcome.get(10, TimeUnit.SECONDS) == 42) {
                            answered.incrementAndGet();
                        }
                    } catch (RejectedExecutionException e) {
                        rejected.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e); // a lost or hung call: seen by the test thread, not only by this one
                        return;
                    }
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join(TimeUnit.MINUTES.toMillis(2));
            assertFalse(caller.isAlive(), "a caller still waits for its calls");
        }
        lane.shutdown();
        assertEquals(Collections.emptyList(), new ArrayList<>(failures), "calls that failed or were never answered");
        assertEquals(0, rejected.get(), "tasks rejected with at most " + threads + " in progress");
        assertEquals(threads * callsEach, answered.get(), "every call answered 42");
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
    void aCallThatMayWaitIsAcceptedWhenACallInProgressEndsInTimeAndRejectedWhenNoneDoes() throws Exception {
        BoundedLane lane = lane(1);
        CountDownLatch hang = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> busy = lane.submit(() -> {
            started.countDown();
            await(hang);
            return "busy";
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));

        // none ends within the wait: rejected, after waiting
        long t0 = System.nanoTime();
        assertThrows(RejectedExecutionException.class, () -> lane.submit(() -> "late", TimeUnit.MILLISECONDS.toNanos(50)));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50), "it waited before it was rejected");
        assertThrows(RejectedExecutionException.class, () -> lane.submit(() -> "now"), "without a wait: rejected at once");

        // the call in progress ends while the next one waits: that one is accepted, not refused
        Thread ender = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hang.countDown();
        });
        ender.start();
        CompletableFuture<String> waited = lane.submit(() -> "waited", TimeUnit.SECONDS.toNanos(10));
        assertEquals("waited", waited.get(10, TimeUnit.SECONDS));
        assertEquals("busy", busy.get(10, TimeUnit.SECONDS));
        ender.join();
        lane.shutdown();
    }

    @Test
    void aWaitingCallIsNotOvertakenByCallsThatCameLater() throws Exception {
        BoundedLane lane = lane(1);
        Queue<String> ran = new ConcurrentLinkedQueue<>();
        CountDownLatch hang = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        lane.submit(() -> {
            started.countDown();
            await(hang);
            return ran.add("busy");
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        CompletableFuture<CompletableFuture<Boolean>> waiter = new CompletableFuture<>();
        Thread waiting = new Thread(() -> {
            try {
                waiter.complete(lane.submit(() -> ran.add("waiter"), TimeUnit.SECONDS.toNanos(30)));
            } catch (Throwable t) {
                waiter.completeExceptionally(t);
            }
        });
        waiting.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, waiting.getState(), "the waiter waits for the one place");

        // the call in progress ends while later calls keep trying: the place goes to the call that waited first
        hang.countDown();
        while (!waiter.isDone() || !waiter.get().isDone()) {
            try {
                lane.submit(() -> ran.add("later"));
            } catch (RejectedExecutionException expected) {
                // the place is the waiter's, or taken
            }
        }
        assertTrue(waiter.get().get(10, TimeUnit.SECONDS));
        lane.shutdown();
        List<String> order = new ArrayList<>(ran);
        assertEquals("busy", order.get(0));
        assertEquals("waiter", order.get(1), "run order: " + order.subList(0, Math.min(5, order.size())));
    }

    @Test
    void aThreadThatCannotBeStartedGivesItsPermitBack() throws Exception {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        BoundedLane lane = new BoundedLane(1, 10, "test threads are busy", r -> {
            if (failOnce.getAndSet(false)) {
                throw new OutOfMemoryError("unable to create native thread (test)");
            }
            Thread t = new Thread(r, "bounded-lane-test-oom");
            t.setDaemon(true);
            return t;
        });
        assertThrows(OutOfMemoryError.class, () -> lane.submit(() -> "never runs"));
        assertEquals("runs", lane.submit(() -> "runs").get(10, TimeUnit.SECONDS),
                "the one permit came back: not refused as busy");
        lane.shutdown();
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
