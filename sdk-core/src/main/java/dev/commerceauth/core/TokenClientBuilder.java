package dev.commerceauth.core;

import dev.commerceauth.core.internal.Builders;
import dev.commerceauth.core.internal.Transport;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The settings every token client builder shares: the {@link OkHttpClient} to share connection
 * pools with, the timeouts, the clock and the plain-http opt-in. {@code SellyticsAuth.Builder},
 * {@code ShopwareAuth.Builder} and {@code CommerceLayerAuth.Builder} extend it with their endpoint
 * and provider options; its setters return that concrete builder, so calls chain in any order:
 *
 * <pre>{@code
 * ShopwareAuth auth = ShopwareAuth.builder()
 *     .shopUrl("https://shop.example.com")     // ShopwareAuth.Builder
 *     .okHttpClient(sharedClient)              // TokenClientBuilder, returns ShopwareAuth.Builder
 *     .callTimeout(Duration.ofSeconds(20))
 *     .build();
 * }</pre>
 *
 * <p>Whatever client is passed, token requests run on a hardened copy of it: its interceptors and
 * authenticator are dropped, redirects are never followed, no cache or cookies are used, host names
 * are verified strictly and response bodies are capped at 1 MiB. Builders are not thread-safe; the
 * clients they build are immutable and thread-safe.
 *
 * <p>Not for extension: only the provider builders of this SDK can extend it (its constructor
 * needs a key that only the SDK's internal package hands out). Use the builders returned by
 * {@code SellyticsAuth.builder()}, {@code ShopwareAuth.builder()} and
 * {@code CommerceLayerAuth.builder()}.
 *
 * @param <B> the concrete builder type, returned by the setters
 * @param <C> the client type {@link #build()} returns
 */
public abstract class TokenClientBuilder<B extends TokenClientBuilder<B, C>, C extends TokenClient> {

    static {
        Builders.install(b -> b.transport);
    }

    private final Transport transport = new Transport();

    /**
     * For the provider builders of this SDK only; not for extension. The key is handed out only by
     * the SDK's internal package, which is not part of the public API and must not be used by
     * applications.
     *
     * @param key the SDK's internal key
     * @throws IllegalArgumentException if the key is not the SDK's, or the builder is not one of the
     *     SDK's provider builders
     */
    protected TokenClientBuilder(Builders.Key key) {
        if (!Builders.isKey(key) || !Builders.isProviderBuilder(getClass())) {
            throw new IllegalArgumentException("TokenClientBuilder is not for extension");
        }
    }

    /**
     * Shares the connection pool, dispatcher, proxy and TLS settings of a client. Its
     * interceptors and authenticator are not used for token requests.
     *
     * @param client the client
     * @return this builder
     * @throws IllegalArgumentException if {@code client} is null
     */
    public final B okHttpClient(OkHttpClient client) {
        transport.baseClient(client);
        return self();
    }

    /**
     * Sets the connect timeout (default 10 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public final B connectTimeout(Duration timeout) {
        transport.connectTimeout(timeout);
        return self();
    }

    /**
     * Sets the read and write timeout (default 30 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public final B readTimeout(Duration timeout) {
        transport.readTimeout(timeout);
        return self();
    }

    /**
     * Sets the timeout of a whole token request (default 60 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public final B callTimeout(Duration timeout) {
        transport.callTimeout(timeout);
        return self();
    }

    /**
     * Sets the clock that stamps tokens (default the UTC system clock).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if {@code clock} is null
     */
    public final B clock(Clock clock) {
        transport.clock(clock);
        return self();
    }

    /**
     * Allows plain http to hosts other than loopback (default false). Credentials then travel
     * unencrypted; use it only inside a trusted network.
     *
     * @param allow whether to allow plain http
     * @return this builder
     */
    public final B allowInsecureHttp(boolean allow) {
        transport.allowInsecureHttp(allow);
        return self();
    }

    /**
     * Validates the configuration and builds the client.
     *
     * @return the client
     * @throws IllegalArgumentException if the endpoint is missing, malformed or insecure
     */
    public abstract C build();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
