package dev.commerceauth.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okio.AsyncTimeout;

/**
 * Internal: keeps one early deadline at the head of Okio's timeout queue while token requests are
 * being made, so that the timeouts of those requests do not wake Okio's watchdog thread one by one.
 *
 * <p>Every OkHttp 3 call with a call timeout enters an {@link AsyncTimeout} into one JVM-wide
 * queue sorted by deadline (so does every read and write on a client whose read and write timeouts
 * are Okio's, such as one with a caller's socket factory); a single watchdog thread sleeps until the
 * earliest deadline. Okio 1.17 wakes that thread ({@code notify}) whenever a timeout is inserted at
 * the head of the queue. With nothing else queued, each token request's call timeout lands at the
 * head, and the watchdog is woken, looks at the queue and goes back to sleep, once per request: a
 * cross-thread wake-up costing microseconds of CPU and about 1.4 % of an uncached fetch over
 * loopback (measured, see item 8 of {@code benchmarks/README.md}).
 *
 * <p>This anchor is an {@link AsyncTimeout} that never guards anything: {@link #touch()} (called
 * before every token request) enters it with a deadline one period ahead. Timeouts longer than the
 * period then queue behind it and wake nobody. When its deadline passes, the watchdog calls
 * {@link #timedOut()}: if a request was made during the last period the anchor enters again,
 * otherwise it leaves the queue, so an idle SDK costs nothing and Okio's watchdog still exits after
 * its own idle minute. The anchor never delays or hides another timeout: the watchdog always sleeps
 * until the earliest deadline in the queue, and a timeout shorter than the period still goes to the
 * head and wakes it as before.
 *
 * <p>Thread-safe: one {@link AtomicBoolean} decides who enters the anchor, so it is never entered
 * twice; {@link #touch()} costs a volatile write and a volatile read once armed.
 */
final class WatchdogAnchor extends AsyncTimeout {

    /** The anchor every token request touches. */
    static final WatchdogAnchor SHARED = new WatchdogAnchor(TimeUnit.SECONDS.toNanos(1));

    private final long periodNanos;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger unbalancedEnters = new AtomicInteger();
    private volatile long lastUse;

    /**
     * Creates an anchor; the SDK uses {@link #SHARED}, tests use short periods.
     *
     * @param periodNanos how far ahead the anchor's deadline lies, and how long it stays after the
     *     last {@link #touch()}
     */
    WatchdogAnchor(long periodNanos) {
        this.periodNanos = periodNanos;
        timeout(periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Records a use and enters the anchor into Okio's queue unless it is there already. */
    void touch() {
        lastUse = System.nanoTime();
        if (!armed.get() && armed.compareAndSet(false, true)) {
            arm();
        }
    }

    /**
     * When {@link #touch()} was last called.
     *
     * @return the {@link System#nanoTime()} of the last touch
     */
    long lastUseNanos() {
        return lastUse;
    }

    /**
     * Whether the anchor is in Okio's queue (or about to enter it).
     *
     * @return true while armed
     */
    boolean isArmed() {
        return armed.get();
    }

    /**
     * How often entering the anchor failed because it was still queued; always 0 unless the
     * one-owner rule is broken. Counted rather than thrown: a token request never fails for the anchor.
     *
     * @return the count of refused enters
     */
    int unbalancedEnters() {
        return unbalancedEnters.get();
    }

    private void arm() {
        try {
            enter();
        } catch (IllegalStateException e) {
            unbalancedEnters.incrementAndGet();
            armed.set(false);
        }
    }

    /**
     * Called by Okio's watchdog thread at the deadline: leaves the queue, then enters again if the
     * SDK was used during the last period. The flag is cleared before that look, so a
     * {@link #touch()} either is seen by it or finds the flag clear and enters by itself; the
     * compare-and-set lets only one of them enter.
     */
    @Override
    protected void timedOut() {
        exit();
        armed.set(false);
        if (System.nanoTime() - lastUse < periodNanos && armed.compareAndSet(false, true)) {
            arm();
        }
    }
}
