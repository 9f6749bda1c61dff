package dev.commerceauth.emulator.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The queue of faults to inject into the next token and revocation requests, consumed in order,
 * plus a delay applied to every such request. Thread-safe.
 */
public final class FaultPlan {

    /** What a queued fault does. */
    public enum Kind {
        /** Answer with an error status in the dialect's error format. */
        FAIL,
        /** Wait, then answer normally. */
        DELAY,
        /** Close the connection without answering. */
        DROP,
        /** Answer 200 with truncated JSON. */
        MALFORMED
    }

    /** One queued fault. Immutable. */
    public static final class Fault {
        private final Kind kind;
        private final int status;
        private final Duration delay;

        /**
         * Creates a fault.
         *
         * @param kind what it does
         * @param status the status for {@link Kind#FAIL}
         * @param delay the delay for {@link Kind#DELAY}
         */
        public Fault(Kind kind, int status, Duration delay) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.status = status;
            this.delay = delay == null ? Duration.ZERO : delay;
        }

        /** @return what it does */
        public Kind kind() {
            return kind;
        }

        /** @return the status for {@link Kind#FAIL} */
        public int status() {
            return status;
        }

        /** @return the delay for {@link Kind#DELAY} */
        public Duration delay() {
            return delay;
        }
    }

    private final Deque<Fault> queue = new ArrayDeque<>();
    private Duration delayAll = Duration.ZERO;

    /**
     * Queues a fault {@code n} times.
     *
     * @param fault the fault
     * @param n how many requests it applies to
     */
    public synchronized void add(Fault fault, int n) {
        for (int i = 0; i < n; i++) {
            queue.addLast(fault);
        }
    }

    /**
     * Takes the next fault.
     *
     * @return the fault, or {@code null} when none is queued
     */
    public synchronized Fault poll() {
        return queue.pollFirst();
    }

    /** @return how many faults are still queued */
    public synchronized int pending() {
        return queue.size();
    }

    /** @return the delay applied to every token and revocation request */
    public synchronized Duration delayAll() {
        return delayAll;
    }

    /**
     * Sets the delay applied to every token and revocation request.
     *
     * @param delay the delay, {@link Duration#ZERO} for none
     */
    public synchronized void delayAll(Duration delay) {
        this.delayAll = delay;
    }

    /** Clears the queue and the delay. */
    public synchronized void reset() {
        queue.clear();
        delayAll = Duration.ZERO;
    }
}
