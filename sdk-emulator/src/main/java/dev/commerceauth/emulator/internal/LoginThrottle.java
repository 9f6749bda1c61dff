package dev.commerceauth.emulator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Shopware's brute-force limiter on the password grant, per username and IP: after
 * {@code failures} failed attempts within {@code window}, further attempts are refused for
 * {@code lockout}. A successful login clears the key. Thread-safe.
 */
final class LoginThrottle {

    private final int failures;
    private final Duration window;
    private final Duration lockout;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();

    /**
     * Creates the limiter.
     *
     * @param failures failures that trigger the lockout; 0 disables the limiter
     * @param window the window failures are counted in
     * @param lockout how long a key stays locked
     */
    LoginThrottle(int failures, Duration window, Duration lockout) {
        this.failures = failures;
        this.window = window;
        this.lockout = lockout;
    }

    /**
     * How long a key is still locked.
     *
     * @param key username and IP
     * @param now the current instant
     * @return whole seconds to wait (at least 1), or 0 when not locked
     */
    synchronized long secondsLocked(String key, Instant now) {
        Instant until = lockedUntil.get(key);
        if (until == null) {
            return 0;
        }
        if (!now.isBefore(until)) {
            lockedUntil.remove(key);
            return 0;
        }
        long millis = Duration.between(now, until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /**
     * Records a failed attempt; locks the key when the limit is reached.
     *
     * @param key username and IP
     * @param now the current instant
     */
    synchronized void recordFailure(String key, Instant now) {
        if (failures <= 0) {
            return;
        }
        Deque<Instant> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant from = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
            times.pollFirst();
        }
        times.addLast(now);
        if (times.size() >= failures) {
            lockedUntil.put(key, now.plus(lockout));
            recent.remove(key);
        }
    }

    /**
     * Clears a key after a successful login.
     *
     * @param key username and IP
     */
    synchronized void reset(String key) {
        recent.remove(key);
        lockedUntil.remove(key);
    }
}
