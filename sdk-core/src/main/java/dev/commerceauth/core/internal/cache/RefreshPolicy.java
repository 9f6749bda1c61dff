package dev.commerceauth.core.internal.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The timing rules of a caching token provider, and the one place that owns their defaults:
 * margins that scale with a token's lifetime, the minimum interval between refresh attempts that
 * return no newer token, jittered exponential backoff after failures, how long callers wait and
 * how long {@code TokenStore} calls may take. Immutable. Internal API: not covered by compatibility
 * guarantees.
 *
 * <p>{@code CachingTokenProvider.Builder} starts from the {@code DEFAULT_*} constants here, and its
 * Javadoc quotes them; to change a default, change it here.
 */
public final class RefreshPolicy {

    /** Default upper bound of the soft margin (refresh ahead starts at most this long before expiry), in seconds. */
    public static final long DEFAULT_SOFT_MARGIN_SECONDS = 300;

    /** Default soft margin as a fraction of the token's lifetime. */
    public static final double DEFAULT_SOFT_MARGIN_FRACTION = 0.15;

    /** Default upper bound of the hard margin (a token this close to expiry is not handed out), in seconds. */
    public static final long DEFAULT_HARD_MARGIN_SECONDS = 30;

    /** Default hard margin as a fraction of the token's lifetime. */
    public static final double DEFAULT_HARD_MARGIN_FRACTION = 0.05;

    /** Default minimum time between refresh-ahead requests that yielded no newer token, in seconds. */
    public static final long DEFAULT_MIN_REFRESH_INTERVAL_SECONDS = 30;

    /** Default backoff after the first failed request (the base of the exponential backoff), in seconds. */
    public static final long DEFAULT_BACKOFF_BASE_SECONDS = 1;

    /** Default largest backoff after failed requests, in seconds. */
    public static final long DEFAULT_BACKOFF_MAX_SECONDS = 30;

    /** Default largest wait honoured from a rate-limit response, in seconds. */
    public static final long DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 60;

    /** Default longest time a caller waits for the request in flight, in seconds. */
    public static final long DEFAULT_WAIT_TIMEOUT_SECONDS = 30;

    /**
     * The longest a {@code TokenStore} call is waited for, in milliseconds; below it, a store call
     * gets a quarter of the wait timeout.
     */
    public static final long STORE_TIMEOUT_MAX_MILLIS = 2_000;

    /** How long a store that did not answer in time is skipped, in seconds. */
    public static final long STORE_PAUSE_SECONDS = 30;

    /**
     * Default time to live of a lease on a {@code CoordinatedTokenStore} key, in seconds: how long
     * the rest of a fleet waits for a holder that died before one of them takes over.
     */
    public static final long DEFAULT_LEASE_TTL_SECONDS = 10;

    /** First pause between two looks at the store while another process holds the lease, in milliseconds. */
    public static final long LEASE_POLL_MIN_MILLIS = 20;

    /** Largest pause between two looks at the store while another process holds the lease, in milliseconds. */
    public static final long LEASE_POLL_MAX_MILLIS = 200;

    private final long softMaxMillis;
    private final double softFraction;
    private final long hardMaxMillis;
    private final double hardFraction;
    private final long minRefreshIntervalMillis;
    private final long backoffBaseMillis;
    private final long backoffMaxMillis;
    private final long maxRateLimitWaitMillis;
    private final long waitTimeoutNanos;
    private final long leaseTtlMillis;

    /**
     * Creates a policy; the caller ({@link Builder}, or a test) has validated the values.
     *
     * @param softMax upper bound of the soft margin
     * @param softFraction soft margin as a fraction of the lifetime
     * @param hardMax upper bound of the hard margin
     * @param hardFraction hard margin as a fraction of the lifetime
     * @param minRefreshInterval minimum time between refresh-ahead attempts that yielded no newer token
     * @param backoffBase backoff after the first failure
     * @param backoffMax largest backoff
     * @param maxRateLimitWait largest wait honoured from a rate-limit response
     * @param waitTimeout longest time a caller waits for the request in flight, positive
     * @param leaseTtl time to live of a lease on a coordinated store's key, positive
     */
    RefreshPolicy(Duration softMax, double softFraction, Duration hardMax, double hardFraction,
            Duration minRefreshInterval, Duration backoffBase, Duration backoffMax, Duration maxRateLimitWait,
            Duration waitTimeout, Duration leaseTtl) {
        this.softMaxMillis = softMax.toMillis();
        this.softFraction = softFraction;
        this.hardMaxMillis = hardMax.toMillis();
        this.hardFraction = hardFraction;
        this.minRefreshIntervalMillis = minRefreshInterval.toMillis();
        this.backoffBaseMillis = backoffBase.toMillis();
        this.backoffMaxMillis = backoffMax.toMillis();
        this.maxRateLimitWaitMillis = maxRateLimitWait.toMillis();
        this.waitTimeoutNanos = waitTimeout.toNanos();
        this.leaseTtlMillis = leaseTtl.toMillis();
    }

    /**
     * The policy with every default.
     *
     * @return the default policy
     */
    public static RefreshPolicy defaults() {
        return builder().build();
    }

    /**
     * Soft margin (start refreshing ahead) for a token with the given lifetime.
     *
     * @param lifetimeMillis the token's lifetime
     * @return the margin in milliseconds, never negative
     */
    public long softMarginMillis(long lifetimeMillis) {
        long margin = Math.min(softMaxMillis, (long) (Math.max(0, lifetimeMillis) * softFraction));
        return Math.max(margin, hardMarginMillis(lifetimeMillis));
    }

    /**
     * Hard margin (stop using the token) for a token with the given lifetime.
     *
     * @param lifetimeMillis the token's lifetime
     * @return the margin in milliseconds, never negative
     */
    public long hardMarginMillis(long lifetimeMillis) {
        return Math.min(hardMaxMillis, (long) (Math.max(0, lifetimeMillis) * hardFraction));
    }

    /**
     * Minimum time between refresh-ahead attempts that did not yield a token outside its soft margin.
     *
     * @return the interval in milliseconds
     */
    public long minRefreshIntervalMillis() {
        return minRefreshIntervalMillis;
    }

    /**
     * Backoff after {@code failures} consecutive failures, with "equal jitter": a value between
     * half and all of {@code min(max, base * 2^(failures-1))}.
     *
     * @param failures consecutive failures, at least 1
     * @return the delay in milliseconds
     */
    public long backoffMillis(int failures) {
        int shift = Math.min(Math.max(failures, 1) - 1, 30);
        long ceiling = backoffBaseMillis << shift;
        if (ceiling <= 0 || ceiling > backoffMaxMillis) {
            ceiling = backoffMaxMillis;
        }
        long half = ceiling / 2;
        return half + (ceiling - half <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /**
     * The wait after a rate-limit response, bounded by the configured maximum.
     *
     * @param retryAfterMillis what the server asked for
     * @return the bounded wait in milliseconds
     */
    public long rateLimitWaitMillis(long retryAfterMillis) {
        return Math.min(Math.max(0, retryAfterMillis), maxRateLimitWaitMillis);
    }

    /**
     * Longest time a caller waits for the request in flight.
     *
     * @return the wait timeout in nanoseconds
     */
    public long waitTimeoutNanos() {
        return waitTimeoutNanos;
    }

    /**
     * Time to live of a lease on a {@code CoordinatedTokenStore} key.
     *
     * @return the lease time to live as a duration
     */
    public Duration leaseTtl() {
        return Duration.ofMillis(leaseTtlMillis);
    }

    /**
     * How long one {@code TokenStore} call is waited for: a quarter of the wait timeout, at most
     * {@link #STORE_TIMEOUT_MAX_MILLIS}.
     *
     * @return the store timeout in nanoseconds
     */
    public long storeTimeoutNanos() {
        return Math.min(waitTimeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(STORE_TIMEOUT_MAX_MILLIS));
    }

    /**
     * Checks an option that must be a non-negative duration.
     *
     * @param d the value
     * @param name the option's name, for the message
     * @return {@code d}
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    static Duration nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return d;
    }

    /**
     * Checks an option that must be a positive duration.
     *
     * @param d the value
     * @param name the option's name, for the message
     * @return {@code d}
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative or zero
     */
    static Duration positive(Duration d, String name) {
        if (nonNegative(d, name).isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    /**
     * Checks a margin fraction.
     *
     * @param f the value
     * @param name the option's name, for the message
     * @return {@code f}
     * @throws IllegalArgumentException unless {@code f} is in {@code [0, 1)}
     */
    static double fraction(double f, String name) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1)");
        }
        return f;
    }

    /**
     * Checks the backoff bounds.
     *
     * @param base the backoff after the first failure
     * @param max the largest backoff
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException unless {@code base} is positive and {@code max >= base}
     */
    static void checkBackoff(Duration base, Duration max) {
        Duration b = nonNegative(base, "backoff base");
        Duration m = nonNegative(max, "backoff max");
        if (b.isZero() || m.compareTo(b) < 0) {
            throw new IllegalArgumentException("backoff base must be positive and max >= base");
        }
    }

    /**
     * Starts a builder with every default.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Mutable options of a policy, validated as they are set; for the public builder that owns them.
     * Not thread-safe.
     */
    public static final class Builder {

        private Duration softMax = Duration.ofSeconds(DEFAULT_SOFT_MARGIN_SECONDS);
        private double softFraction = DEFAULT_SOFT_MARGIN_FRACTION;
        private Duration hardMax = Duration.ofSeconds(DEFAULT_HARD_MARGIN_SECONDS);
        private double hardFraction = DEFAULT_HARD_MARGIN_FRACTION;
        private Duration minRefreshInterval = Duration.ofSeconds(DEFAULT_MIN_REFRESH_INTERVAL_SECONDS);
        private Duration backoffBase = Duration.ofSeconds(DEFAULT_BACKOFF_BASE_SECONDS);
        private Duration backoffMax = Duration.ofSeconds(DEFAULT_BACKOFF_MAX_SECONDS);
        private Duration maxRateLimitWait = Duration.ofSeconds(DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
        private Duration waitTimeout = Duration.ofSeconds(DEFAULT_WAIT_TIMEOUT_SECONDS);
        private Duration leaseTtl = Duration.ofSeconds(DEFAULT_LEASE_TTL_SECONDS);

        private Builder() {
        }

        /** @param max the largest soft margin, non-negative */
        public void softMargin(Duration max) {
            softMax = nonNegative(max, "softMargin");
        }

        /** @param fraction the soft margin's fraction of the lifetime, in {@code [0, 1)} */
        public void softMarginFraction(double fraction) {
            softFraction = fraction(fraction, "softMarginFraction");
        }

        /** @param max the largest hard margin, non-negative */
        public void hardMargin(Duration max) {
            hardMax = nonNegative(max, "hardMargin");
        }

        /** @param fraction the hard margin's fraction of the lifetime, in {@code [0, 1)} */
        public void hardMarginFraction(double fraction) {
            hardFraction = fraction(fraction, "hardMarginFraction");
        }

        /** @param interval the minimum refresh interval, non-negative */
        public void minRefreshInterval(Duration interval) {
            minRefreshInterval = nonNegative(interval, "minRefreshInterval");
        }

        /**
         * @param base the backoff after the first failure, positive
         * @param max the largest backoff, at least {@code base}
         */
        public void backoff(Duration base, Duration max) {
            checkBackoff(base, max);
            backoffBase = base;
            backoffMax = max;
        }

        /** @param max the largest rate-limit wait honoured, non-negative */
        public void maxRateLimitWait(Duration max) {
            maxRateLimitWait = nonNegative(max, "maxRateLimitWait");
        }

        /** @param timeout the wait timeout, positive */
        public void waitTimeout(Duration timeout) {
            waitTimeout = positive(timeout, "waitTimeout");
        }

        /** @param ttl the lease time to live, at least one millisecond */
        public void leaseTimeToLive(Duration ttl) {
            if (positive(ttl, "leaseTimeToLive").toMillis() < 1) {
                throw new IllegalArgumentException("leaseTimeToLive must be at least one millisecond");
            }
            leaseTtl = ttl;
        }

        /**
         * The policy of the options set so far.
         *
         * @return the policy
         */
        public RefreshPolicy build() {
            return new RefreshPolicy(softMax, softFraction, hardMax, hardFraction, minRefreshInterval, backoffBase,
                    backoffMax, maxRateLimitWait, waitTimeout, leaseTtl);
        }
    }
}
