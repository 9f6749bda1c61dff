package dev.commerceauth.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe {@link Clock} that stands still until a test moves it. Give the same instance to
 * the emulator ({@link TokenServerEmulator.Builder#clock(Clock)}) and to the SDK (its client's and
 * its token provider's {@code clock(...)}), and expiry, refresh margins, backoff and rate-limit
 * windows are reached by {@link #advance(Duration)} instead of sleeping.
 *
 * <p>Millisecond precision, always in UTC.
 */
public final class ManualClock extends Clock {

    private final AtomicLong millis;

    private ManualClock(long epochMillis) {
        this.millis = new AtomicLong(epochMillis);
    }

    /**
     * A clock that starts at {@code start}.
     *
     * @param start the first instant the clock reports
     * @return the clock
     */
    public static ManualClock startingAt(Instant start) {
        return new ManualClock(Objects.requireNonNull(start, "start").toEpochMilli());
    }

    /**
     * A clock that starts at the current whole second, so that JWT times (whole seconds) and the
     * SDK's millisecond arithmetic agree exactly.
     *
     * @return the clock
     */
    public static ManualClock startingNow() {
        return new ManualClock(Instant.now().getEpochSecond() * 1000L);
    }

    /**
     * Moves the clock forward (or back, for a negative duration).
     *
     * @param duration how far to move
     */
    public void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    /**
     * Moves the clock forward by {@code ms} milliseconds.
     *
     * @param ms how far to move
     */
    public void advanceMillis(long ms) {
        millis.addAndGet(ms);
    }

    /**
     * Moves the clock forward by {@code seconds} seconds.
     *
     * @param seconds how far to move
     */
    public void advanceSeconds(long seconds) {
        millis.addAndGet(seconds * 1000L);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    /** Always UTC. */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This clock: it reports instants, and instants have no zone.
     *
     * @param zone ignored
     * @return this clock
     */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
