package dev.commerceauth.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one place of the timing defaults, and the margin, backoff and timeout math on top of them. */
class RefreshPolicyTest {

    private static final RefreshPolicy DEFAULTS = RefreshPolicy.defaults();

    @Test
    void theDefaultsAreTheDocumentedValues() {
        assertEquals(300, RefreshPolicy.DEFAULT_SOFT_MARGIN_SECONDS);
        assertEquals(0.15, RefreshPolicy.DEFAULT_SOFT_MARGIN_FRACTION);
        assertEquals(30, RefreshPolicy.DEFAULT_HARD_MARGIN_SECONDS);
        assertEquals(0.05, RefreshPolicy.DEFAULT_HARD_MARGIN_FRACTION);
        assertEquals(30, RefreshPolicy.DEFAULT_MIN_REFRESH_INTERVAL_SECONDS);
        assertEquals(1, RefreshPolicy.DEFAULT_BACKOFF_BASE_SECONDS);
        assertEquals(30, RefreshPolicy.DEFAULT_BACKOFF_MAX_SECONDS);
        assertEquals(60, RefreshPolicy.DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
        assertEquals(30, RefreshPolicy.DEFAULT_WAIT_TIMEOUT_SECONDS);
        assertEquals(2_000, RefreshPolicy.STORE_TIMEOUT_MAX_MILLIS);
        assertEquals(30, RefreshPolicy.STORE_PAUSE_SECONDS);
    }

    @Test
    void defaultMarginsScaleWithTheLifetimeUpToTheirCaps() {
        // a 30 s token: 15 % and 5 % of the lifetime (reused for 25.5 s before a refresh starts)
        assertEquals(4_500, DEFAULTS.softMarginMillis(30_000));
        assertEquals(1_500, DEFAULTS.hardMarginMillis(30_000));
        // a 24 h token: the caps
        assertEquals(TimeUnit.SECONDS.toMillis(RefreshPolicy.DEFAULT_SOFT_MARGIN_SECONDS),
                DEFAULTS.softMarginMillis(TimeUnit.HOURS.toMillis(24)));
        assertEquals(TimeUnit.SECONDS.toMillis(RefreshPolicy.DEFAULT_HARD_MARGIN_SECONDS),
                DEFAULTS.hardMarginMillis(TimeUnit.HOURS.toMillis(24)));
        // nonsense lifetimes give no margin rather than a negative one
        assertEquals(0, DEFAULTS.softMarginMillis(-1));
        assertEquals(0, DEFAULTS.hardMarginMillis(-1));
    }

    @Test
    void aSoftMarginSmallerThanTheHardMarginIsRaisedToIt() {
        RefreshPolicy p = new RefreshPolicy(Duration.ofMinutes(5), 0.01, Duration.ofSeconds(30), 0.05,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
        assertEquals(p.hardMarginMillis(100_000), p.softMarginMillis(100_000));
        assertEquals(5_000, p.softMarginMillis(100_000));
    }

    @Test
    void backoffIsJitteredBetweenHalfAndAllOfTheExponentialCeiling() {
        for (int i = 0; i < 200; i++) {
            long first = DEFAULTS.backoffMillis(1);
            assertTrue(first >= 500 && first <= 1_000, "first: " + first);
            long third = DEFAULTS.backoffMillis(3);
            assertTrue(third >= 2_000 && third <= 4_000, "third: " + third);
            long many = DEFAULTS.backoffMillis(1_000);
            assertTrue(many >= 15_000 && many <= 30_000, "capped: " + many);
            long zero = DEFAULTS.backoffMillis(0); // treated as the first failure
            assertTrue(zero >= 500 && zero <= 1_000, "zero: " + zero);
        }
    }

    @Test
    void rateLimitWaitsAreBoundedAndNeverNegative() {
        assertEquals(5_000, DEFAULTS.rateLimitWaitMillis(5_000));
        assertEquals(60_000, DEFAULTS.rateLimitWaitMillis(3_600_000));
        assertEquals(0, DEFAULTS.rateLimitWaitMillis(-5));
        assertEquals(30_000, DEFAULTS.minRefreshIntervalMillis());
    }

    @Test
    void aStoreCallGetsAQuarterOfTheWaitTimeoutCappedAtTwoSeconds() {
        assertEquals(TimeUnit.SECONDS.toNanos(30), DEFAULTS.waitTimeoutNanos());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(RefreshPolicy.STORE_TIMEOUT_MAX_MILLIS), DEFAULTS.storeTimeoutNanos());
        RefreshPolicy shortWait = new RefreshPolicy(Duration.ofMinutes(5), 0.15, Duration.ofSeconds(30), 0.05,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofMillis(400), Duration.ofSeconds(10));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), shortWait.storeTimeoutNanos());
    }

    @Test
    void aLeaseLivesTenSecondsByDefault() {
        assertEquals(Duration.ofSeconds(RefreshPolicy.DEFAULT_LEASE_TTL_SECONDS), DEFAULTS.leaseTtl());
        assertEquals(Duration.ofSeconds(10), DEFAULTS.leaseTtl());
    }

    @Test
    void theValidatorsNameTheOption() {
        assertEquals("softMargin must not be negative", assertThrows(IllegalArgumentException.class,
                () -> RefreshPolicy.nonNegative(Duration.ofSeconds(-1), "softMargin")).getMessage());
        assertThrows(NullPointerException.class, () -> RefreshPolicy.nonNegative(null, "softMargin"));
        assertEquals("waitTimeout must be positive", assertThrows(IllegalArgumentException.class,
                () -> RefreshPolicy.positive(Duration.ZERO, "waitTimeout")).getMessage());
        assertEquals("hardMarginFraction must be in [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> RefreshPolicy.fraction(1.0, "hardMarginFraction")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RefreshPolicy.fraction(Double.NaN, "f"));
        assertEquals(0.0, RefreshPolicy.fraction(0.0, "f"));
        assertThrows(IllegalArgumentException.class,
                () -> RefreshPolicy.checkBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> RefreshPolicy.checkBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        RefreshPolicy.checkBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
