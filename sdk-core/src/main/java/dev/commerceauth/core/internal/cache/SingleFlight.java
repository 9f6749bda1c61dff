package dev.commerceauth.core.internal.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

/**
 * At most one request in flight: the one slot a request occupies, the lanes it runs on, and the
 * callers waiting for it with a deadline.
 *
 * <ul>
 *   <li>A request is started only by the thread that claimed the empty slot, and only if its
 *       {@link Owner} still {@linkplain Owner#admit admits} it once that thread owns the slot;
 *       everyone else joins the flight in the slot.</li>
 *   <li>A request callers wait for runs on the executor (with the shared threads: the never-queuing
 *       waiting lane); a refresh ahead nobody waits for runs on the shared background lane. It is
 *       never run on the caller's thread: a rejected request ends its flight at once.</li>
 *   <li>A caller who needs a token and joins a refresh ahead that may still be queued promotes it:
 *       the same flight is handed to the waiting lane too, and whichever thread claims it first
 *       runs it; the other does nothing.</li>
 *   <li>A flight ends, successfully or not, by leaving the slot before its waiters resume, so the
 *       next caller may start the next request.</li>
 * </ul>
 */
final class SingleFlight {

    /** What the flights do; implemented by the cache. */
    interface Owner {

        /**
         * Decides, once this thread owns the empty slot, whether the request is still needed and
         * allowed. If not, it {@linkplain #end ends} or {@linkplain #fail fails} the flight itself.
         *
         * @return true to send the request
         */
        boolean admit(Flight flight);

        /** Performs the request and ends the flight; runs at most once per flight. */
        void run(Flight flight);
    }

    private final AtomicReference<Flight> slot = new AtomicReference<>();
    private final Executor executor;
    /** The shared threads, or null when the cache runs its requests on an executor of its own. */
    private final SharedRefreshExecutor.Lease lease;
    private final SafeListener listener;
    private final BooleanSupplier closed;
    private final long waitTimeoutNanos;
    private final Owner owner;

    /**
     * @param executor runs the requests callers wait for
     * @param lease the shared threads (then also {@code executor}), or null for an executor of the
     *     cache's own: then every request runs on it and nothing is promoted
     * @param listener told when a request callers wait for cannot be started
     * @param closed whether the cache is closed, for the message of a rejected request
     * @param waitTimeoutNanos the longest a caller waits
     * @param owner what the flights do
     */
    SingleFlight(Executor executor, SharedRefreshExecutor.Lease lease, SafeListener listener, BooleanSupplier closed,
            long waitTimeoutNanos, Owner owner) {
        this.executor = executor;
        this.lease = lease;
        this.listener = listener;
        this.closed = closed;
        this.waitTimeoutNanos = waitTimeoutNanos;
        this.owner = owner;
    }

    /** Whether a request is in flight. */
    boolean inFlight() {
        return slot.get() != null;
    }

    /**
     * Returns the flight in the slot, starting one if the slot is empty. A flight started here is
     * sent only when the owner admits it; otherwise the returned flight is already complete.
     *
     * @param background whether it is a refresh ahead nobody waits for
     */
    Flight start(boolean background) {
        for (;;) {
            Flight existing = slot.get();
            if (existing != null) {
                return existing;
            }
            Flight mine = new Flight(background);
            if (!slot.compareAndSet(null, mine)) {
                continue;
            }
            if (owner.admit(mine)) {
                submit(mine);
            }
            return mine;
        }
    }

    /** The deadline for a caller who starts waiting now, in {@link System#nanoTime()} terms. */
    long deadline() {
        return System.nanoTime() + waitTimeoutNanos;
    }

    /** Whether {@code deadlineNanos} has passed. */
    static boolean passed(long deadlineNanos) {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /**
     * Joins the flight in the slot (starting one for waiting callers if none is, promoting a
     * refresh ahead) and waits for its outcome until {@code deadlineNanos}.
     *
     * @return the entry the flight produced; null for a background check that sent no request
     * @throws RuntimeException the caller's own copy of the flight's failure ({@link CallerCopies}), or a
     *     timeout or interruption of the wait
     */
    CacheEntry join(long deadlineNanos) {
        Flight f = slot.get();
        if (f == null) {
            f = start(false);
        } else if (f.background) {
            promote(f);
        }
        return await(f, deadlineNanos);
    }

    /** Ends {@code f} with {@code result}: it leaves the slot, then its waiters resume. */
    void end(Flight f, CacheEntry result) {
        slot.compareAndSet(f, null);
        f.future.complete(result);
    }

    /** Ends {@code f} with {@code error}: it leaves the slot, then its waiters resume. */
    void fail(Flight f, Throwable error) {
        slot.compareAndSet(f, null);
        f.future.completeExceptionally(error);
    }

    /** Hands the flight to an executor; it never runs on the caller's thread here. */
    private void submit(Flight mine) {
        try {
            if (mine.background && lease != null) {
                lease.executeInBackground(mine);
            } else {
                executor.execute(mine);
            }
        } catch (RejectedExecutionException rejected) {
            // Never run inline: that would ignore the wait timeout. End the flight instead.
            if (mine.background) {
                CacheLog.LOG.log(Level.FINE, "Refresh ahead skipped: the executor rejected it; a later call tries again");
                end(mine, null);
            } else {
                RuntimeException e = CacheErrors.rejected(rejected, closed.getAsBoolean());
                slot.compareAndSet(mine, null);
                listener.refreshFailed(e, 0, false);
                mine.future.completeExceptionally(e);
            }
        }
    }

    /**
     * A caller that needs a token joined a refresh ahead that may still be queued behind other
     * providers' requests on the background lane: hand the same flight to the waiting lane too.
     */
    private void promote(Flight f) {
        if (lease == null || f.claimed.get() || !f.promoted.compareAndSet(false, true)) {
            return;
        }
        try {
            lease.execute(f);
        } catch (RejectedExecutionException rejected) {
            f.promoted.set(false);
            if (!f.claimed.get()) {
                throw CacheErrors.rejected(rejected, closed.getAsBoolean());
            }
        }
    }

    private CacheEntry await(Flight f, long deadlineNanos) {
        try {
            return f.future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException timeout) {
            throw CacheErrors.waitTimeout(waitTimeoutNanos);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw CacheErrors.interrupted(interrupted);
        } catch (ExecutionException failed) {
            // every waiter gets its own exception, with its own stack trace, caused by the shared one
            throw CallerCopies.of(failed.getCause());
        }
    }

    /** The exception a caller gets when its deadline passed without a usable token. */
    RuntimeException waitTimeout() {
        return CacheErrors.waitTimeout(waitTimeoutNanos);
    }

    /**
     * The one request in flight: its outcome, and a claim so that a refresh ahead that was also
     * handed to the waiting lane runs only once.
     */
    final class Flight implements Runnable {
        final CompletableFuture<CacheEntry> future = new CompletableFuture<>();
        final boolean background;
        final AtomicBoolean claimed = new AtomicBoolean();
        final AtomicBoolean promoted = new AtomicBoolean();

        Flight(boolean background) {
            this.background = background;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                owner.run(this);
            }
        }
    }
}
