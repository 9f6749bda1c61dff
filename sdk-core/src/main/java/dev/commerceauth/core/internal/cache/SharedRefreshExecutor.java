package dev.commerceauth.core.internal.cache;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide, bounded pool of daemon threads on which token providers run their requests to
 * the token endpoint. Internal API: not covered by compatibility guarantees.
 *
 * <p>At most {@link #MAX_THREADS} threads exist however many providers are open. Providers take a
 * {@link Lease} when they are built and release it when they are closed; when the last lease is
 * released the pool is shut down and its threads end. Idle threads also time out on their own, so
 * providers that are never closed do not pin threads either.
 */
public final class SharedRefreshExecutor {

    /** Prefix of the names of the pool's threads. */
    public static final String THREAD_NAME_PREFIX = "commerceauth-token-";

    /** Upper bound on the number of threads in the pool. */
    public static final int MAX_THREADS = 8;

    private static final long KEEP_ALIVE_SECONDS = 10;

    private static final Object LOCK = new Object();
    private static ThreadPoolExecutor pool;
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
            if (pool == null) {
                pool = newPool();
            }
            leases++;
            return new Lease(pool);
        }
    }

    private static void release(ThreadPoolExecutor leased) {
        synchronized (LOCK) {
            if (leased != pool) {
                return;
            }
            leases--;
            if (leases <= 0) {
                leases = 0;
                pool = null;
                leased.shutdown();
            }
        }
    }

    private static ThreadPoolExecutor newPool() {
        final AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, THREAD_NAME_PREFIX + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS,
                KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** A provider's hold on the shared pool. */
    public static final class Lease implements Executor {

        private final ThreadPoolExecutor executor;
        private final java.util.concurrent.atomic.AtomicBoolean released =
                new java.util.concurrent.atomic.AtomicBoolean();

        private Lease(ThreadPoolExecutor executor) {
            this.executor = executor;
        }

        /**
         * Runs {@code task} on the shared pool.
         *
         * @param task the task
         * @throws RejectedExecutionException when the lease was released
         */
        @Override
        public void execute(Runnable task) {
            if (released.get()) {
                throw new RejectedExecutionException("lease released");
            }
            executor.execute(task);
        }

        /** Releases the lease; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                SharedRefreshExecutor.release(executor);
            }
        }
    }
}
