package dev.commerceauth.emulator;

import dev.commerceauth.emulator.internal.FaultPlan;

import java.time.Duration;
import java.util.Objects;

/**
 * Fault injection for tests. Faults apply to POST requests to the token and revocation endpoints
 * of all three dialects (not to JWKS or the protected resource); queued faults are consumed one
 * per request, in the order they were queued, whichever dialect is hit. A faulted request is still
 * recorded in the request log (a dropped one with status 0). Thread-safe; methods return this
 * object for chaining.
 */
public final class Faults {

    private final FaultPlan plan;

    Faults(FaultPlan plan) {
        this.plan = plan;
    }

    /**
     * Answers the next {@code n} requests with {@code status} and an error body in the format of the
     * dialect whose path is hit (a 429 looks like that dialect's own throttling answer, with a
     * one-second wait).
     *
     * @param n how many requests
     * @param status the HTTP status, 400 to 599
     * @return this
     */
    public Faults failNext(int n, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599: " + status);
        }
        plan.failNext(requireCount(n), status);
        return this;
    }

    /**
     * Delays the next {@code n} requests, then answers them normally.
     *
     * @param n how many requests
     * @param delay the delay
     * @return this
     */
    public Faults delayNext(int n, Duration delay) {
        Duration checked = requireDelay(delay);
        plan.delayNext(requireCount(n), checked);
        return this;
    }

    /**
     * Delays every request until {@link #reset()} (or {@code delayAll(Duration.ZERO)}); combines
     * with queued faults.
     *
     * @param delay the delay
     * @return this
     */
    public Faults delayAll(Duration delay) {
        plan.delayAll(requireDelay(delay));
        return this;
    }

    /**
     * Closes the connection of the next {@code n} requests without answering. Note that HTTP clients
     * which retry on connection failure (OkHttp's default) will send another request.
     *
     * @param n how many requests
     * @return this
     */
    public Faults dropNext(int n) {
        plan.dropNext(requireCount(n));
        return this;
    }

    /**
     * Answers the next {@code n} requests with 200 and a truncated JSON body.
     *
     * @param n how many requests
     * @return this
     */
    public Faults malformedNext(int n) {
        plan.malformedNext(requireCount(n));
        return this;
    }

    /**
     * Clears every queued fault and the {@link #delayAll(Duration)} delay.
     *
     * @return this
     */
    public Faults reset() {
        plan.reset();
        return this;
    }

    /**
     * How many queued faults have not been consumed yet.
     *
     * @return the count
     */
    public int pending() {
        return plan.pending();
    }

    private static int requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        return n;
    }

    private static Duration requireDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        return delay;
    }
}
