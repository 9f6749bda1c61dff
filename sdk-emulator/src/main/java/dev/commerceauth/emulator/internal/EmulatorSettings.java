package dev.commerceauth.emulator.internal;

import dev.commerceauth.emulator.Dialect;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The emulator's immutable behaviour settings, as resolved by the public builder.
 */
public final class EmulatorSettings {

    /** Keycloak's lifetime in the seed: 24 h. */
    static final Duration SELLYTICS_DEFAULT = Duration.ofSeconds(86400);
    /** Shopware's default access token lifetime: 600 s. */
    static final Duration SHOPWARE_DEFAULT = Duration.ofSeconds(600);
    /** Commerce Layer sales channel tokens: 4 h. */
    static final Duration CL_SALES_CHANNEL_DEFAULT = Duration.ofHours(4);
    /** Commerce Layer integration and webapp tokens: 2 h. */
    static final Duration CL_CONFIDENTIAL_DEFAULT = Duration.ofHours(2);

    private final Clock clock;
    private final Duration sellyticsLifetime;
    private final Duration shopwareLifetime;
    private final Duration commerceLayerLifetime;
    private final int commerceLayerRateLimit;
    private final int shopwareThrottleFailures;
    private final Duration shopwareThrottleWindow;
    private final Duration shopwareThrottleLockout;
    private final String commerceLayerBackendAuth;

    /**
     * Creates the settings.
     *
     * @param clock the clock for {@code iat}/{@code exp}, expiry checks, rate limits and throttling
     * @param sellyticsLifetime access token lifetime, or {@code null} for the provider default
     * @param shopwareLifetime access token lifetime, or {@code null} for the provider default
     * @param commerceLayerLifetime access token lifetime, or {@code null} for the provider default per client kind
     * @param commerceLayerRateLimit token requests per minute per IP, 0 = unlimited
     * @param shopwareThrottleFailures failed logins that trigger the throttle, 0 = never
     * @param shopwareThrottleWindow the window the failures are counted in
     * @param shopwareThrottleLockout how long a throttled username+IP waits
     */
    public EmulatorSettings(Clock clock, Duration sellyticsLifetime, Duration shopwareLifetime,
            Duration commerceLayerLifetime, int commerceLayerRateLimit, int shopwareThrottleFailures,
            Duration shopwareThrottleWindow, Duration shopwareThrottleLockout) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sellyticsLifetime = sellyticsLifetime;
        this.shopwareLifetime = shopwareLifetime;
        this.commerceLayerLifetime = commerceLayerLifetime;
        this.commerceLayerRateLimit = commerceLayerRateLimit;
        this.shopwareThrottleFailures = shopwareThrottleFailures;
        this.shopwareThrottleWindow = shopwareThrottleWindow;
        this.shopwareThrottleLockout = shopwareThrottleLockout;
        this.commerceLayerBackendAuth = null;
    }

    private EmulatorSettings(EmulatorSettings base, String commerceLayerBackendAuth) {
        this.clock = base.clock;
        this.sellyticsLifetime = base.sellyticsLifetime;
        this.shopwareLifetime = base.shopwareLifetime;
        this.commerceLayerLifetime = base.commerceLayerLifetime;
        this.commerceLayerRateLimit = base.commerceLayerRateLimit;
        this.shopwareThrottleFailures = base.shopwareThrottleFailures;
        this.shopwareThrottleWindow = base.shopwareThrottleWindow;
        this.shopwareThrottleLockout = base.shopwareThrottleLockout;
        this.commerceLayerBackendAuth = commerceLayerBackendAuth;
    }

    /**
     * These settings with the key Commerce Layer's {@code x-backend-auth} must carry for
     * {@code x-true-client-ip} to be honoured.
     *
     * @param key the key, or {@code null} to honour no {@code x-true-client-ip}
     * @return the new settings
     */
    public EmulatorSettings withCommerceLayerBackendAuth(String key) {
        return new EmulatorSettings(this, key);
    }

    /** @return the accepted {@code x-backend-auth} key, or {@code null} when none is configured */
    String commerceLayerBackendAuth() {
        return commerceLayerBackendAuth;
    }

    /** @return the clock */
    Clock clock() {
        return clock;
    }

    /**
     * The access token lifetime for a client.
     *
     * @param dialect the dialect
     * @param kind the client kind (decides Commerce Layer's default)
     * @return the lifetime
     */
    Duration accessTokenLifetime(Dialect dialect, ClientKind kind) {
        switch (dialect) {
            case SELLYTICS:
                return sellyticsLifetime != null ? sellyticsLifetime : SELLYTICS_DEFAULT;
            case SHOPWARE:
                return shopwareLifetime != null ? shopwareLifetime : SHOPWARE_DEFAULT;
            default:
                if (commerceLayerLifetime != null) {
                    return commerceLayerLifetime;
                }
                return kind == ClientKind.CL_SALES_CHANNEL ? CL_SALES_CHANNEL_DEFAULT : CL_CONFIDENTIAL_DEFAULT;
        }
    }

    /** @return Commerce Layer token requests per minute per IP; 0 = unlimited */
    int commerceLayerRateLimit() {
        return commerceLayerRateLimit;
    }

    /** @return failed Shopware logins that trigger the throttle; 0 = never */
    int shopwareThrottleFailures() {
        return shopwareThrottleFailures;
    }

    /** @return the window Shopware login failures are counted in */
    Duration shopwareThrottleWindow() {
        return shopwareThrottleWindow;
    }

    /** @return how long a throttled Shopware username+IP waits */
    Duration shopwareThrottleLockout() {
        return shopwareThrottleLockout;
    }
}
