package dev.commerceauth.emulator.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The queue of faults to inject into the next token and revocation requests, consumed in order,
 * plus a delay applied to every such request. Thread-safe. The public methods are what
 * {@link dev.commerceauth.emulator.Faults} offers, without its argument checks; the handlers
 * consume the plan through the package-private ones.
 */
public final class FaultPlan {

    /** What a queued fault does. */
    enum Kind {
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
    static final class Fault {
        private final Kind kind;
        private final int status;
        private final Duration delay;

        Fault(Kind kind, int status, Duration delay) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.status = status;
            this.delay = delay == null ? Duration.ZERO : delay;
        }

        /** @return what it does */
        Kind kind() {
            return kind;
        }

        /** @return the status for {@link Kind#FAIL} */
        int status() {
            return status;
        }

        /** @return the delay for {@link Kind#DELAY} */
        Duration delay() {
            return delay;
        }
    }

    private final Deque<Fault> queue = new ArrayDeque<>();
    private Duration delayAll = Duration.ZERO;

    FaultPlan() {
    }

    /**
     * Answers the next {@code n} requests with an error status.
     *
     * @param n how many requests
     * @param status the HTTP status
     */
    public void failNext(int n, int status) {
        add(new Fault(Kind.FAIL, status, null), n);
    }

    /**
     * Delays the next {@code n} requests, then answers them normally.
     *
     * @param n how many requests
     * @param delay the delay
     */
    public void delayNext(int n, Duration delay) {
        add(new Fault(Kind.DELAY, 0, delay), n);
    }

    /**
     * Closes the connection of the next {@code n} requests without answering.
     *
     * @param n how many requests
     */
    public void dropNext(int n) {
        add(new Fault(Kind.DROP, 0, null), n);
    }

    /**
     * Answers the next {@code n} requests with 200 and a truncated JSON body.
     *
     * @param n how many requests
     */
    public void malformedNext(int n) {
        add(new Fault(Kind.MALFORMED, 0, null), n);
    }

    private synchronized void add(Fault fault, int n) {
        for (int i = 0; i < n; i++) {
            queue.addLast(fault);
        }
    }

    /**
     * Takes the next fault.
     *
     * @return the fault, or {@code null} when none is queued
     */
    synchronized Fault poll() {
        return queue.pollFirst();
    }

    /** @return how many faults are still queued */
    public synchronized int pending() {
        return queue.size();
    }

    /** @return the delay applied to every token and revocation request */
    synchronized Duration delayAll() {
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
