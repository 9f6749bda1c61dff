package dev.commerceauth.micrometer;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProviderListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;

/**
 * The listener of {@link TokenMetrics}: counters for renewals, calls served while refreshing,
 * failures and invalidations, and the gauge of the seconds until the current token expires. Only
 * expiry instants are kept, never a token.
 */
final class MetricsListener implements TokenProviderListener {

    private static final long NO_TOKEN = Long.MIN_VALUE;

    private final MeterRegistry registry;
    private final Tags tags;
    private final Clock clock;
    private final Counter ahead;
    private final Counter blocking;
    private final Counter adopted;
    private final Counter servedWhileRefreshing;
    private final Counter invalidations;
    /** Expiry of the current token in epoch milliseconds, or {@link #NO_TOKEN}. */
    private volatile long expiresAtMillis = NO_TOKEN;

    MetricsListener(MeterRegistry registry, Tags tags, Clock clock) {
        this.registry = registry;
        this.tags = tags;
        this.clock = clock;
        this.ahead = renewals(TokenMetrics.MODE_AHEAD);
        this.blocking = renewals(TokenMetrics.MODE_BLOCKING);
        this.adopted = renewals(TokenMetrics.MODE_ADOPTED);
        this.servedWhileRefreshing = Counter.builder(TokenMetrics.SERVED_WHILE_REFRESHING)
                .description("Calls served a token inside its soft margin while a refresh ahead was due")
                .tags(tags).register(registry);
        this.invalidations = Counter.builder(TokenMetrics.INVALIDATIONS)
                .description("Tokens dropped after a 401 or a revocation")
                .tags(tags).register(registry);
        Gauge.builder(TokenMetrics.EXPIRES_IN, this, MetricsListener::secondsToExpiry)
                .description("Seconds until the current token expires")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
    }

    private Counter renewals(String mode) {
        return Counter.builder(TokenMetrics.RENEWALS)
                .description("New tokens: refreshed ahead (no caller waited) or fetched while callers waited")
                .tags(tags).tag(TokenMetrics.TAG_MODE, mode)
                .register(registry);
    }

    @Override
    public void fetched(AccessToken token) {
        blocking.increment();
        current(token);
    }

    @Override
    public void refreshed(AccessToken previous, AccessToken current) {
        ahead.increment();
        current(current);
    }

    /**
     * A token adopted from a shared store: counted as {@value TokenMetrics#RENEWALS} with mode
     * {@value TokenMetrics#MODE_ADOPTED}.
     *
     * @param previous the token served until now, or null
     * @param current the adopted token
     */
    @Override
    public void adopted(AccessToken previous, AccessToken current) {
        adopted.increment();
        current(current);
    }

    @Override
    public void refreshFailed(RuntimeException error, Duration nextAttemptIn, boolean tokenStillServed) {
        Counter.builder(TokenMetrics.FAILURES)
                .description("Failed token renewals")
                .tags(tags)
                .tag(TokenMetrics.TAG_EXCEPTION, className(error))
                .tag(TokenMetrics.TAG_TOKEN_STILL_SERVED, Boolean.toString(tokenStillServed))
                .register(registry)
                .increment();
        if (!tokenStillServed) {
            expiresAtMillis = NO_TOKEN;
        }
    }

    @Override
    public void invalidated(AccessToken token) {
        invalidations.increment();
        if (token != null && token.expiresAt().toEpochMilli() == expiresAtMillis) {
            expiresAtMillis = NO_TOKEN;
        }
    }

    @Override
    public void servedWhileRefreshing(AccessToken token) {
        servedWhileRefreshing.increment();
    }

    private void current(AccessToken token) {
        if (token != null) {
            expiresAtMillis = token.expiresAt().toEpochMilli();
        }
    }

    private double secondsToExpiry() {
        long expiresAt = expiresAtMillis;
        return expiresAt == NO_TOKEN ? Double.NaN : (expiresAt - clock.millis()) / 1000.0;
    }

    /** The simple class name of {@code o} (the full name for an anonymous class); never a message. */
    static String className(Object o) {
        String simple = o.getClass().getSimpleName();
        return simple.isEmpty() ? o.getClass().getName() : simple;
    }

    @Override
    public String toString() {
        return "MetricsListener" + tags;
    }
}
