package dev.commerceauth.core;

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
 * <p>Extending it: a provider's builder extends it with its own endpoint and options, calls the
 * protected no-argument constructor and, in {@link #build()}, builds its client from
 * {@link #hardenedClient(String)} (the hardened client for token requests to its endpoint), {@link #tokenClock()} and
 * {@link #insecureHttpAllowed()}:
 *
 * <pre>{@code
 * public static final class Builder extends TokenClientBuilder<Builder, AcmeAuth> {
 *     private String tokenUrl;
 *
 *     public Builder tokenUrl(String tokenUrl) {
 *         this.tokenUrl = tokenUrl;
 *         return this;
 *     }
 *
 *     public AcmeAuth build() {
 *         return new AcmeAuth(tokenUrl, hardenedClient(tokenUrl), tokenClock(), insecureHttpAllowed());
 *     }
 * }
 * }</pre>
 *
 * @param <B> the concrete builder type, returned by the setters
 * @param <C> the client type {@link #build()} returns
 */
public abstract class TokenClientBuilder<B extends TokenClientBuilder<B, C>, C extends TokenClient> {

    private final Transport transport = new Transport();

    /** For a provider's builder; the settings start at their defaults. */
    protected TokenClientBuilder() {
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
     * Sets the read and write timeout (default 30 s): how long a token request waits for the
     * server's next bytes, the TLS handshake included. On the SDK's own sockets (a client without
     * its own {@code SocketFactory}) the read timeout is the socket's, and a request's writes (a few
     * KB, which the kernel takes at once) are bounded by the {@linkplain #callTimeout(Duration) call
     * timeout}; on a caller's socket factory it is also OkHttp's write timeout.
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

    /**
     * A new client for token requests, built from the settings: derived from the client given to
     * {@link #okHttpClient(OkHttpClient)} (or else from one process-wide default client, whose
     * connection pool and dispatcher every client built without one shares), without its
     * interceptors and authenticator, never following redirects, without cache and cookies, with
     * strict host name verification, the timeouts set here and a 1 MiB cap on response bodies.
     * Without a client given to {@link #okHttpClient(OkHttpClient)} it trusts the platform's trust
     * store and carries no certificate pins; pins belong on the client given there (pins added to
     * the returned client refuse every connection to a pinned host). For {@link #build()}; call it
     * once per client built.
     *
     * @return the hardened client
     */
    protected final OkHttpClient hardenedClient() {
        return transport.buildClient();
    }

    /**
     * The {@linkplain #hardenedClient() hardened client} for requests to one endpoint. For a
     * plain-http endpoint (a loopback address, or any host after {@link #allowInsecureHttp(boolean)})
     * without a client given to {@link #okHttpClient(OkHttpClient)}, the client has no TLS set-up at
     * all: OkHttp 3 would load the platform's trust store and build an {@code SSLContext} when the
     * client is built (a good part of a cold start), though no request of it uses them. Such a client
     * refuses an {@code https} request with an {@link IllegalStateException}. For {@link #build()};
     * call it once per client built.
     *
     * @param endpointUrl the endpoint's URL as configured, or null if unknown (then as {@link #hardenedClient()})
     * @return the hardened client
     */
    protected final OkHttpClient hardenedClient(String endpointUrl) {
        return transport.buildClient(endpointUrl);
    }

    /**
     * The clock set with {@link #clock(Clock)}, or the UTC system clock. For {@link #build()}.
     *
     * @return the clock that stamps tokens
     */
    protected final Clock tokenClock() {
        return transport.clock();
    }

    /**
     * Whether {@link #allowInsecureHttp(boolean)} allowed plain http to hosts other than loopback.
     * For {@link #build()}, to check the endpoint URL.
     *
     * @return the opt-in
     */
    protected final boolean insecureHttpAllowed() {
        return transport.allowInsecureHttp();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
