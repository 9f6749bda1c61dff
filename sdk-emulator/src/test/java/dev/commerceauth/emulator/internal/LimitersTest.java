package dev.commerceauth.emulator.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitersTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void rateLimiterSlidesItsWindow() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofSeconds(60));
        assertEquals(1, limiter.acquire("ip", T0).remaining());
        assertEquals(0, limiter.acquire("ip", T0.plusSeconds(10)).remaining());
        RateLimiter.Decision refused = limiter.acquire("ip", T0.plusSeconds(20));
        assertFalse(refused.allowed());
        assertEquals(40, refused.retryAfterSeconds());
        assertTrue(limiter.acquire("other-ip", T0.plusSeconds(20)).allowed());
        assertTrue(limiter.acquire("ip", T0.plusSeconds(60)).allowed());
        assertTrue(new RateLimiter(0, Duration.ofSeconds(60)).acquire("ip", T0).allowed());
    }

    @Test
    void loginThrottleLocksAfterFailuresInWindowAndResetsOnSuccess() {
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(10), Duration.ofSeconds(10));
        throttle.recordFailure("k", T0);
        throttle.recordFailure("k", T0.plusSeconds(11)); // the first one left the window
        throttle.recordFailure("k", T0.plusSeconds(12));
        assertEquals(0, throttle.secondsLocked("k", T0.plusSeconds(12)));
        throttle.recordFailure("k", T0.plusSeconds(13));
        assertEquals(10, throttle.secondsLocked("k", T0.plusSeconds(13)));
        assertEquals(1, throttle.secondsLocked("k", T0.plusMillis(22_500)));
        assertEquals(0, throttle.secondsLocked("k", T0.plusSeconds(23)));
        throttle.recordFailure("k", T0.plusSeconds(30));
        throttle.reset("k");
        throttle.recordFailure("k", T0.plusSeconds(31));
        throttle.recordFailure("k", T0.plusSeconds(31));
        assertEquals(0, throttle.secondsLocked("k", T0.plusSeconds(31)));
    }
}
