package dev.commerceauth.core.internal.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The store lane of {@link SharedRefreshExecutor}: runs at most {@code threads} calls at once. A
 * call that finds that many in progress waits for one of them to end, at most as long as its caller
 * allows (the store timeout; not at all for calls nobody waits for), and is rejected when none ends
 * in that time, so that a call never waits behind calls that hang (a store that does not answer)
 * longer than it would wait for its own answer, and a store that is merely busy is not taken for
 * one that hangs.
 *
 * <p>"In progress" is counted by the calls themselves (a permit taken when a call is accepted and
 * given back when it ends, before its outcome is handed over), not by which threads happen to be
 * waiting for work. A pool that hands tasks over a {@code SynchronousQueue} rejects whenever no
 * thread is at that instant waiting at the queue, and a thread that has just finished a call is not
 * waiting yet: the caller that call woke could submit its next call before any thread was back and
 * have it refused as if all threads hung (in CI: "all 4 shared TokenStore threads are busy" with two
 * calls in flight, which made a fleet member skip its store for 30 s and request on its own; four
 * callers calling back to back were refused 55,657 times in 80,000). Here such a call waits the
 * moment a finishing thread takes to come back. The lane keeps up to {@code threads} threads; idle
 * ones end after the keep-alive time.
 */
final class BoundedLane {

    private final ThreadPoolExecutor pool;
    private final Semaphore inProgress;
    private final String busy;

    /**
     * Creates the lane; its threads start on demand.
     *
     * @param threads the most tasks in progress, and threads
     * @param keepAliveSeconds how long an idle thread waits for work before it ends
     * @param busy the end of the rejection message, after "all N "
     * @param factory the threads' factory
     */
    BoundedLane(int threads, long keepAliveSeconds, String busy, ThreadFactory factory) {
        this.pool = new ThreadPoolExecutor(threads, threads, keepAliveSeconds, TimeUnit.SECONDS,
                new LinkedBlockingQueue<Runnable>(), factory);
        this.pool.allowCoreThreadTimeOut(true);
        // fair: a call that waits for a place is not overtaken by later ones, which would let it time out on a
        // store that answers
        this.inProgress = new Semaphore(threads, true);
        this.busy = "all " + threads + " " + busy;
    }

    /**
     * Runs {@code call} on a thread of the lane, or rejects it at once when the lane's limit of
     * calls is in progress. Its outcome is handed over only after it stopped counting as in
     * progress, so a caller that waits for it and then calls again is never refused because of its
     * own finished call.
     *
     * @param call the call
     * @param <T> its result
     * @return the call's outcome: its value, or what it threw
     * @throws RejectedExecutionException when the lane's limit of calls is in progress, or the lane
     *     was shut down
     */
    <T> CompletableFuture<T> submit(Supplier<T> call) {
        try {
            return submit(call, 0); // a timed acquire, unlike tryAcquire(), takes no place from a waiting call
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException(busy);
        }
    }

    /**
     * Runs {@code call} on a thread of the lane; when the lane's limit of calls is in progress,
     * first waits up to {@code waitNanos} for one of them to end.
     *
     * @param call the call
     * @param waitNanos how long to wait for a call in progress to end
     * @param <T> its result
     * @return the call's outcome, as {@link #submit(Supplier)}
     * @throws RejectedExecutionException when no call in progress ended within {@code waitNanos},
     *     or the lane was shut down
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    <T> CompletableFuture<T> submit(Supplier<T> call, long waitNanos) throws InterruptedException {
        if (!inProgress.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
            throw new RejectedExecutionException(busy);
        }
        return start(call);
    }

    /** Starts {@code call} under the permit its caller took, which the call gives back when it ends. */
    private <T> CompletableFuture<T> start(Supplier<T> call) {
        Call<T> task = null;
        try {
            task = new Call<>(call);
            pool.execute(task);
            return task.outcome;
        } catch (RuntimeException | Error e) {
            // rejected after shutdown, or no thread could be started (OutOfMemoryError). The pool may have queued the
            // task before it failed, and then runs it later: the permit goes back once, whichever comes first
            if (task == null) {
                inProgress.release();
            } else {
                task.givePermitBack();
            }
            throw e;
        }
    }

    /** One call and its permit, given back exactly once. */
    private final class Call<T> implements Runnable {

        final CompletableFuture<T> outcome = new CompletableFuture<>();
        private final Supplier<T> call;
        private final AtomicBoolean permitBack = new AtomicBoolean();

        Call(Supplier<T> call) {
            this.call = call;
        }

        @Override
        public void run() {
            T value = null;
            Throwable failure = null;
            try {
                value = call.get();
            } catch (Throwable t) {
                failure = t;
            } finally {
                givePermitBack();
            }
            if (failure == null) {
                outcome.complete(value);
            } else {
                outcome.completeExceptionally(failure);
            }
        }

        void givePermitBack() {
            if (permitBack.compareAndSet(false, true)) {
                inProgress.release();
            }
        }
    }

    /** Lets the tasks in progress finish and ends the threads; later tasks are rejected. */
    void shutdown() {
        pool.shutdown();
    }
}
