package dev.commerceauth.emulator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A sliding-window request limiter per key (Commerce Layer: per IP). Thread-safe.
 */
final class RateLimiter {

    /** The outcome of one {@link #acquire(String, Instant)}. Immutable. */
    static final class Decision {
        private final boolean allowed;
        private final int remaining;
        private final long retryAfterSeconds;

        Decision(boolean allowed, int remaining, long retryAfterSeconds) {
            this.allowed = allowed;
            this.remaining = remaining;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** @return whether the request may proceed */
        boolean allowed() {
            return allowed;
        }

        /** @return requests left in the current window after this one */
        int remaining() {
            return remaining;
        }

        /** @return seconds until a request is allowed again (only when refused) */
        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final int limit;
    private final Duration interval;
    private final Map<String, Deque<Instant>> requests = new HashMap<>();

    /**
     * Creates the limiter.
     *
     * @param limit requests allowed per interval; 0 = unlimited
     * @param interval the interval
     */
    RateLimiter(int limit, Duration interval) {
        this.limit = limit;
        this.interval = interval;
    }

    /** @return requests allowed per interval; 0 = unlimited */
    int limit() {
        return limit;
    }

    /** @return the interval */
    Duration interval() {
        return interval;
    }

    /**
     * Counts a request if the key has capacity left.
     *
     * @param key the key (IP)
     * @param now the current instant
     * @return the decision
     */
    synchronized Decision acquire(String key, Instant now) {
        if (limit <= 0) {
            return new Decision(true, Integer.MAX_VALUE, 0);
        }
        Deque<Instant> times = requests.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant from = now.minus(interval);
        while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            long millis = Duration.between(now, times.peekFirst().plus(interval)).toMillis();
            return new Decision(false, 0, Math.max(1, (millis + 999) / 1000));
        }
        times.addLast(now);
        return new Decision(true, limit - times.size(), 0);
    }

    /** Forgets every counted request. */
    synchronized void reset() {
        requests.clear();
    }
}
