package dev.commerceauth.core.internal.cache;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The timing rules of a caching token provider: margins that scale with a token's lifetime, the
 * minimum interval between refresh attempts that return no newer token, and jittered exponential
 * backoff after failures. Immutable. Internal API: not covered by compatibility guarantees.
 */
public final class RefreshPolicy {

    private final long softMaxMillis;
    private final double softFraction;
    private final long hardMaxMillis;
    private final double hardFraction;
    private final long minRefreshIntervalMillis;
    private final long backoffBaseMillis;
    private final long backoffMaxMillis;
    private final long maxRateLimitWaitMillis;

    /**
     * Creates a policy; the caller has validated the values.
     *
     * @param softMax upper bound of the soft margin
     * @param softFraction soft margin as a fraction of the lifetime
     * @param hardMax upper bound of the hard margin
     * @param hardFraction hard margin as a fraction of the lifetime
     * @param minRefreshInterval minimum time between refresh-ahead attempts that yielded no newer token
     * @param backoffBase backoff after the first failure
     * @param backoffMax largest backoff
     * @param maxRateLimitWait largest wait honoured from a rate-limit response
     */
    public RefreshPolicy(Duration softMax, double softFraction, Duration hardMax, double hardFraction,
            Duration minRefreshInterval, Duration backoffBase, Duration backoffMax, Duration maxRateLimitWait) {
        this.softMaxMillis = softMax.toMillis();
        this.softFraction = softFraction;
        this.hardMaxMillis = hardMax.toMillis();
        this.hardFraction = hardFraction;
        this.minRefreshIntervalMillis = minRefreshInterval.toMillis();
        this.backoffBaseMillis = backoffBase.toMillis();
        this.backoffMaxMillis = backoffMax.toMillis();
        this.maxRateLimitWaitMillis = maxRateLimitWait.toMillis();
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
}
