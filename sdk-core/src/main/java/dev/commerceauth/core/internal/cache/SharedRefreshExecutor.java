package dev.commerceauth.core.internal.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The process-wide, bounded threads on which token providers run their requests to the token
 * endpoint. Internal API: not covered by compatibility guarantees.
 *
 * <p>Three lanes share one thread name prefix and one bound of {@link #MAX_THREADS} threads:
 * <ul>
 *   <li>the <b>waiting lane</b> ({@link Lease#execute}) runs requests that callers wait for. It never
 *       queues: a task gets an idle thread or a new one (up to {@link #WAITING_THREADS}), or it is
 *       rejected at once, so a request never waits behind the hung requests of other tenants and
 *       the provider can fail its waiters fast;</li>
 *   <li>the <b>background lane</b> ({@link Lease#executeInBackground}) runs refresh-ahead requests
 *       nobody waits for, on at most {@link #BACKGROUND_THREADS} threads with a bounded queue
 *       ({@link #BACKGROUND_QUEUE} tasks). A provider whose caller needs a token that is still queued
 *       here re-submits it to the waiting lane;</li>
 *   <li>the <b>store lane</b> ({@link Lease#executeStoreCall}) runs {@code TokenStore} calls, at most
 *       {@link #STORE_THREADS} at once (one more waits for one of them to end, at most as long as its
 *       caller would wait for its answer, and is rejected when none does), so that a store that hangs
 *       can hold these threads but never the ones token requests need.</li>
 * </ul>
 * Providers take a {@link Lease} when they are built and release it when they are closed; when the
 * last lease is released both lanes are shut down and their threads end. Idle threads also time out
 * on their own, so providers that are never closed do not pin threads either.
 */
public final class SharedRefreshExecutor {

    /** Prefix of the names of the pool's threads. */
    public static final String THREAD_NAME_PREFIX = "commerceauth-token-";

    /**
     * Threads of the waiting lane: how many token requests that callers wait for can be in flight at
     * once across all providers (one per provider at most). Generous because a hung endpoint holds
     * a thread until the token client's call timeout ends it.
     */
    public static final int WAITING_THREADS = 56;

    /** Threads of the background (refresh-ahead) lane. */
    public static final int BACKGROUND_THREADS = 8;

    /** Capacity of the background lane's queue; refresh-ahead beyond it is skipped and retried later. */
    public static final int BACKGROUND_QUEUE = 10_000;

    /**
     * Threads of the store lane: how many {@code TokenStore} calls can run at once across all
     * providers. A call that outlives its time bound keeps its thread until the store answers.
     */
    public static final int STORE_THREADS = 4;

    /** Upper bound on the number of threads of all lanes together. */
    public static final int MAX_THREADS = WAITING_THREADS + BACKGROUND_THREADS + STORE_THREADS;

    private static final long KEEP_ALIVE_SECONDS = 10;

    private static final Object LOCK = new Object();
    private static Lanes lanes;
    private static int leases;

    private SharedRefreshExecutor() {
    }

    /**
     * Takes a lease on the shared pool, creating the pool if none is running.
     *
     * @return the lease; release it exactly once
     */
    public static Lease acquire() {
        synchronized (LOCK) {
            if (lanes == null) {
                lanes = new Lanes();
            }
            leases++;
            return new Lease(lanes);
        }
    }

    private static void release(Lanes leased) {
        synchronized (LOCK) {
            if (leased != lanes) {
                return;
            }
            leases--;
            if (leases <= 0) {
                leases = 0;
                lanes = null;
                leased.waiting.shutdown();
                leased.background.shutdown();
                leased.store.shutdown();
            }
        }
    }

    /** The three executors of one pool generation. */
    private static final class Lanes {
        final ThreadPoolExecutor waiting;
        final ThreadPoolExecutor background;
        final BoundedLane store;

        Lanes() {
            ThreadFactory factory = daemonFactory();
            // an idle thread is reused, a new one started up to the limit, else rejected at once. The hand-off can
            // refuse a task while a thread that just finished is not back yet, but only when all WAITING_THREADS
            // threads exist and none is idle: at saturation, where one finishing request is the only difference
            // from a genuine "all busy". A BoundedLane would instead start a new thread for each task up to that limit
            waiting = new ThreadPoolExecutor(0, WAITING_THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                    new SynchronousQueue<Runnable>(), factory, (r, e) -> {
                        throw new RejectedExecutionException("all " + WAITING_THREADS
                                + " shared token request threads are busy");
                    });
            background = new ThreadPoolExecutor(BACKGROUND_THREADS, BACKGROUND_THREADS, KEEP_ALIVE_SECONDS,
                    TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(BACKGROUND_QUEUE), factory);
            background.allowCoreThreadTimeOut(true);
            // store calls come one after another from each provider, each as soon as the last one answered:
            // counted by calls in progress, not by threads waiting for work (BoundedLane)
            store = new BoundedLane(STORE_THREADS, KEEP_ALIVE_SECONDS,
                    "shared TokenStore threads are busy (the store does not answer)", factory);
        }
    }

    private static ThreadFactory daemonFactory() {
        final AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, THREAD_NAME_PREFIX + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A provider's hold on the shared pool; {@link #execute} is the waiting lane. */
    public static final class Lease implements Executor {

        private final Lanes lanes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Lanes lanes) {
            this.lanes = lanes;
        }

        /**
         * Runs {@code task}, which callers wait for, on an idle or new thread of the waiting lane;
         * never queues it.
         *
         * @param task the task
         * @throws RejectedExecutionException when the lease was released or all
         *     {@link #WAITING_THREADS} threads are busy
         */
        @Override
        public void execute(Runnable task) {
            if (released.get()) {
                throw new RejectedExecutionException("lease released");
            }
            lanes.waiting.execute(task);
        }

        /**
         * Runs {@code task}, a refresh ahead that nobody waits for, on the background lane, queued
         * if its threads are busy.
         *
         * @param task the task
         * @throws RejectedExecutionException when the lease was released or the queue is full
         */
        public void executeInBackground(Runnable task) {
            if (released.get()) {
                throw new RejectedExecutionException("lease released");
            }
            lanes.background.execute(task);
        }

        /**
         * Runs {@code call}, a {@code TokenStore} call nobody waits for, on the store lane, or
         * rejects it at once when {@link #STORE_THREADS} store calls are in progress.
         *
         * @param call the call
         * @param <T> its result
         * @return its outcome, handed over once the call no longer counts as in progress
         * @throws RejectedExecutionException when the lease was released or all
         *     {@link #STORE_THREADS} threads are busy
         */
        public <T> CompletableFuture<T> executeStoreCall(Supplier<T> call) {
            if (released.get()) {
                throw new RejectedExecutionException("lease released");
            }
            return lanes.store.submit(call);
        }

        /**
         * Runs {@code call}, a {@code TokenStore} call, on the store lane; when
         * {@link #STORE_THREADS} store calls are in progress, first waits up to {@code waitNanos}
         * for one of them to end.
         *
         * @param call the call
         * @param waitNanos how long to wait for a store call in progress to end
         * @param <T> its result
         * @return its outcome, handed over once the call no longer counts as in progress
         * @throws RejectedExecutionException when the lease was released, or all
         *     {@link #STORE_THREADS} threads stayed busy for {@code waitNanos}
         * @throws InterruptedException when the thread is interrupted while it waits
         */
        public <T> CompletableFuture<T> executeStoreCall(Supplier<T> call, long waitNanos) throws InterruptedException {
            if (released.get()) {
                throw new RejectedExecutionException("lease released");
            }
            return lanes.store.submit(call, waitNanos);
        }

        /** Releases the lease; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                SharedRefreshExecutor.release(lanes);
            }
        }
    }
}
