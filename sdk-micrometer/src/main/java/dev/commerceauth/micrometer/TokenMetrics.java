package dev.commerceauth.micrometer;

import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenProviderListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * Micrometer metrics for one cached token provider ("registration"), usable without Spring.
 *
 * <pre>{@code
 * TokenMetrics metrics = TokenMetrics.builder(meterRegistry, commerceLayer)
 *         .registration("checkout")
 *         .build();
 * TokenProvider tokens = CachingTokenProvider.builder(metrics.client(), grant)   // times every request
 *         .listener(metrics.listener())                                          // refreshes, waits, failures, expiry
 *         .build();
 * }</pre>
 *
 * <p>Meters (every one tagged {@value #TAG_REGISTRATION} and {@value #TAG_PROVIDER}, plus the
 * {@linkplain Builder#tags(Iterable) common tags} you add):
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>more tags</th><th>what</th></tr>
 *   <tr><td>{@value #REQUESTS}</td><td>timer</td><td>{@value #TAG_GRANT_TYPE}, {@value #TAG_OUTCOME}
 *       ({@code success}/{@code failure}), {@value #TAG_EXCEPTION}</td>
 *       <td>every request to the token endpoint and its latency, by the grant type actually sent (a
 *       password grant's renewals count as {@code refresh_token})</td></tr>
 *   <tr><td>{@value #RENEWALS}</td><td>counter</td><td>{@value #TAG_MODE}: {@value #MODE_AHEAD},
 *       {@value #MODE_BLOCKING} or {@value #MODE_ADOPTED}</td>
 *       <td>new tokens: refreshed ahead in the background while callers kept the old one, fetched
 *       while callers had no usable token and had to wait, or adopted from a shared token store</td></tr>
 *   <tr><td>{@value #SERVED_WHILE_REFRESHING}</td><td>counter</td><td></td>
 *       <td>calls served a token inside its soft margin (refresh ahead due, in flight or backing off)</td></tr>
 *   <tr><td>{@value #FAILURES}</td><td>counter</td><td>{@value #TAG_EXCEPTION},
 *       {@value #TAG_TOKEN_STILL_SERVED}</td>
 *       <td>failed renewals, by exception class, and whether callers kept a usable token</td></tr>
 *   <tr><td>{@value #INVALIDATIONS}</td><td>counter</td><td></td>
 *       <td>tokens dropped after a 401 or a revocation</td></tr>
 *   <tr><td>{@value #EXPIRES_IN}</td><td>gauge (seconds)</td><td></td>
 *       <td>seconds until the current token expires: NaN before the first token and after a failure that
 *       left callers without one, negative once it has expired</td></tr>
 * </table>
 *
 * <p>Tags never carry a token, secret, client id, user name or scope. Use one registration name per
 * provider and registry: a second {@code TokenMetrics} with the same name shares the counters and
 * timers, but the gauge stays bound to the first. The gauge holds its provider's state weakly.
 */
public final class TokenMetrics {

    /** Timer of requests to the token endpoint. */
    public static final String REQUESTS = "commerceauth.token.requests";
    /** Counter of new tokens, by {@value #TAG_MODE}. */
    public static final String RENEWALS = "commerceauth.token.renewals";
    /** Counter of calls served a token inside its soft margin. */
    public static final String SERVED_WHILE_REFRESHING = "commerceauth.token.served.while.refreshing";
    /** Counter of failed renewals, by exception class. */
    public static final String FAILURES = "commerceauth.token.failures";
    /** Counter of dropped tokens (a 401 or a revocation). */
    public static final String INVALIDATIONS = "commerceauth.token.invalidations";
    /** Gauge of the seconds until the current token expires. */
    public static final String EXPIRES_IN = "commerceauth.token.expires.in";

    /** Tag: the registration name given to {@link Builder#registration(String)}. */
    public static final String TAG_REGISTRATION = "registration";
    /** Tag: the provider ({@code sellytics}, {@code shopware}, {@code commercelayer} or your own). */
    public static final String TAG_PROVIDER = "provider";
    /** Tag: the grant type sent, such as {@code client_credentials}. */
    public static final String TAG_GRANT_TYPE = "grant.type";
    /** Tag: {@code success} or {@code failure}. */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag: the simple class name of the failure, {@code none} on success. */
    public static final String TAG_EXCEPTION = "exception";
    /** Tag: whether callers kept a usable token after the failure. */
    public static final String TAG_TOKEN_STILL_SERVED = "token.still.served";
    /** Tag of {@value #RENEWALS}: how the new token came. */
    public static final String TAG_MODE = "mode";
    /** {@value #TAG_MODE} of a token refreshed ahead in the background; no caller waited. */
    public static final String MODE_AHEAD = "ahead";
    /** {@value #TAG_MODE} of a token fetched while callers had none and waited for it. */
    public static final String MODE_BLOCKING = "blocking";
    /** {@value #TAG_MODE} of a token adopted from a shared token store instead of requested. */
    public static final String MODE_ADOPTED = "adopted";

    private final TokenClient client;
    private final TokenProviderListener listener;

    private TokenMetrics(Builder b) {
        String provider = b.provider != null ? b.provider : providerName(b.client);
        Tags tags = Tags.of(b.tags).and(TAG_REGISTRATION, b.registration).and(TAG_PROVIDER, provider);
        this.client = new MeteredTokenClient(b.client, b.registry, tags);
        this.listener = new MetricsListener(b.registry, tags, b.clock != null ? b.clock : b.client.clock());
    }

    /**
     * Starts a builder for the metrics of providers built on {@code client}.
     *
     * @param registry where the meters are registered
     * @param client the client the provider requests its tokens from
     * @return a builder; {@link Builder#registration(String)} is required
     */
    public static Builder builder(MeterRegistry registry, TokenClient client) {
        return new Builder(registry, client);
    }

    /**
     * The client to build the provider on: it forwards every call to the client given to the
     * builder and times each {@link TokenClient#requestToken} as {@value #REQUESTS}.
     *
     * @return the instrumented client
     */
    public TokenClient client() {
        return client;
    }

    /**
     * The listener to give the provider (combine it with others through
     * {@link TokenProviderListeners#of}): counts renewals, waits, failures, invalidations and
     * publishes {@value #EXPIRES_IN}. Its calls never block and allocate nothing for a fresh token.
     *
     * @return the listener
     */
    public TokenProviderListener listener() {
        return listener;
    }

    /**
     * The {@value #TAG_PROVIDER} tag for a client: {@code sellytics}, {@code shopware} or
     * {@code commercelayer} for the SDK's clients, the lower-case simple class name otherwise.
     *
     * @param client the client
     * @return the provider name
     */
    public static String providerName(TokenClient client) {
        switch (client.getClass().getName()) {
            case "dev.commerceauth.sellytics.SellyticsAuth":
                return "sellytics";
            case "dev.commerceauth.shopware.ShopwareAuth":
                return "shopware";
            case "dev.commerceauth.commercelayer.CommerceLayerAuth":
                return "commercelayer";
            default:
                return MetricsListener.className(client).toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return "TokenMetrics{" + client + "}";
    }

    /** Builds {@link TokenMetrics}. */
    public static final class Builder {

        private final MeterRegistry registry;
        private final TokenClient client;
        private String registration;
        private String provider;
        private Iterable<Tag> tags = Tags.empty();
        private Clock clock;

        private Builder(MeterRegistry registry, TokenClient client) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * Names the provider in the {@value #TAG_REGISTRATION} tag (required), for example
         * {@code checkout}. Choose a name, not a client id or user name: tags are not secret.
         *
         * @param registration a non-blank name
         * @return this builder
         */
        public Builder registration(String registration) {
            this.registration = nonBlank(registration, "registration");
            return this;
        }

        /**
         * Overrides the {@value #TAG_PROVIDER} tag (default {@link #providerName(TokenClient)}).
         *
         * @param provider a non-blank name
         * @return this builder
         */
        public Builder provider(String provider) {
            this.provider = nonBlank(provider, "provider");
            return this;
        }

        /**
         * Adds tags to every meter (for example the application's name).
         *
         * @param tags the tags
         * @return this builder
         */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Objects.requireNonNull(tags, "tags");
            return this;
        }

        /**
         * The clock the {@value #EXPIRES_IN} gauge reads (default the client's
         * {@link TokenClient#clock()}, which stamps the tokens). Latency is measured with the
         * registry's clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the metrics; meters appear in the registry as events occur (the gauge at once).
         *
         * @return the metrics
         * @throws IllegalStateException if no registration name was given
         */
        public TokenMetrics build() {
            if (registration == null) {
                throw new IllegalStateException("registration is required: name the provider, for example \"checkout\"");
            }
            return new TokenMetrics(this);
        }

        private static String nonBlank(String value, String name) {
            if (value == null || value.trim().isEmpty()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
