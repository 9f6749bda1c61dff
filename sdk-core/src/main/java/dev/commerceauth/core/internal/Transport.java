package dev.commerceauth.core.internal;

import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.HostnameVerifier;
import okhttp3.Authenticator;
import okhttp3.ConnectionSpec;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import retrofit2.Retrofit;

/**
 * Internal: the transport settings every provider builder shares, and the hardened
 * {@link OkHttpClient} and {@link Retrofit} built from them.
 *
 * <p>The client is derived from the caller's client (sharing its connection pool, dispatcher,
 * proxy, trust, socket factories and certificate pins) but drops all of its interceptors and its
 * authenticator, so no auth interceptor ever runs on a token request. It never follows redirects,
 * uses no cache and no cookies, and caps response bodies at 1 MiB. Host names are always verified
 * strictly by the SDK's verifier: the caller's {@code HostnameVerifier} is never used (it may
 * accept every host). Every call reaches the network at most once ({@link SendOnce}): no retry,
 * no replay of a {@code 503 Retry-After: 0}, no authenticator follow-up. Without the plain-http
 * opt-in, plain http goes only directly to a loopback address ({@link LoopbackGuard}). On the
 * JDK's default socket factory (OkHttp's default), its sockets come from
 * {@link IdleCheckSocketFactory}: a token request on a connection that was in use less than a
 * second ago does not wait a millisecond for OkHttp's health check; one idle for longer gets it.
 * Those clients speak HTTP/1.1 and keep their read timeout in the socket, so that no token request
 * wakes Okio's watchdog thread but for its call timeout (writes are bounded by the call timeout).
 *
 * <p>Without a caller's client every client is derived from one process-wide default client
 * ({@link #sharedDefaultClient()}), so all token clients built without
 * {@code okHttpClient(...)} share one {@link okhttp3.ConnectionPool} (one cleanup thread) and one
 * {@link okhttp3.Dispatcher}, however many are built (for example one {@code ShopwareAuth} per
 * shop). Only the per-client settings (timeouts, no redirects, strict host name verification, the
 * body cap) differ, and those live in each derived client, not in the shared one.
 */
public final class Transport {

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default read (and write) timeout. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** Default timeout of a whole call. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Built on first use; holds the shared connection pool and dispatcher, and the one strict host
     * name verifier all derived clients keep (OkHttp reuses a pooled connection only for an equal
     * verifier). Plain http only: OkHttp sets up TLS (the platform's trust store, an
     * {@code SSLContext}, an index of every trusted root) when a client is built, not when it first
     * needs it, so the clients of plain-http (loopback) endpoints derive from this one and never load
     * any of it.
     */
    private static final class SharedCleartext {
        static final OkHttpClient CLIENT = strict(new OkHttpClient.Builder()
                .connectionSpecs(Collections.singletonList(ConnectionSpec.CLEARTEXT))
                .followRedirects(false)
                .followSslRedirects(false)
                // a dropped connection must not silently re-send credentials (single-use codes, rotated
                // refresh tokens, rate limits): failures go to the caller and the cache's backoff
                .retryOnConnectionFailure(false)
                .build());

        private static OkHttpClient strict(OkHttpClient plain) {
            return plain.newBuilder().hostnameVerifier(new StrictHostnameVerifier(plain.hostnameVerifier())).build();
        }
    }

    /**
     * Built on first use: the shared client with OkHttp's default TLS and cleartext connection specs
     * and the platform's TLS set-up ({@link PlatformTls}: without OkHttp's trust-root index, which
     * only certificate pins use), which runs once. Derived from {@link SharedCleartext}, so both
     * share one connection pool, dispatcher and verifier.
     */
    private static final class SharedDefault {
        static final OkHttpClient CLIENT = PlatformTls.apply(SharedCleartext.CLIENT.newBuilder()
                .connectionSpecs(Arrays.asList(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT)))
                .build();
    }

    private OkHttpClient hardenedClient;
    private OkHttpClient baseClient;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private boolean allowInsecureHttp;

    /**
     * The settings of a client a provider builder already built with
     * {@code TokenClientBuilder.hardenedClient()}: {@link #buildClient()} returns that client as is.
     *
     * @param hardenedClient the hardened client, not null
     * @param clock the clock, not null
     * @param allowInsecureHttp whether plain http to non-loopback hosts is allowed
     * @return the settings, for a {@link TokenEndpoint}
     */
    public static Transport of(OkHttpClient hardenedClient, Clock clock, boolean allowInsecureHttp) {
        Transport t = new Transport();
        t.hardenedClient = require(hardenedClient, "hardenedClient");
        t.clock(clock);
        t.allowInsecureHttp(allowInsecureHttp);
        return t;
    }

    /**
     * Sets the client to share connection pool and dispatcher with.
     *
     * @param client the client, not null
     */
    public void baseClient(OkHttpClient client) {
        this.baseClient = require(client, "okHttpClient");
    }

    /**
     * Sets the connect timeout.
     *
     * @param timeout positive duration
     */
    public void connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
    }

    /**
     * Sets the read and write timeout (in the socket on the SDK's own sockets, see
     * {@link IdleCheckSocketFactory}).
     *
     * @param timeout positive duration
     */
    public void readTimeout(Duration timeout) {
        this.readTimeout = positive(timeout, "readTimeout");
    }

    /**
     * Sets the timeout of a whole call.
     *
     * @param timeout positive duration
     */
    public void callTimeout(Duration timeout) {
        this.callTimeout = positive(timeout, "callTimeout");
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock, not null
     */
    public void clock(Clock clock) {
        this.clock = require(clock, "clock");
    }

    /**
     * Allows plain http to non-loopback hosts.
     *
     * @param allow whether to allow it
     */
    public void allowInsecureHttp(boolean allow) {
        this.allowInsecureHttp = allow;
    }

    /**
     * The clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Whether plain http is allowed.
     *
     * @return the opt-in
     */
    public boolean allowInsecureHttp() {
        return allowInsecureHttp;
    }

    /**
     * The process-wide client whose connection pool and dispatcher every client built without a
     * caller's client shares. It is never used for a call itself.
     *
     * @return the shared default client
     */
    static OkHttpClient sharedDefaultClient() {
        return SharedDefault.CLIENT;
    }

    /**
     * The host name verifier of every hardened client: {@link StrictHostnameVerifier} over OkHttp's
     * own verifier, whatever verifier the caller's client has.
     *
     * @return the one strict verifier
     */
    static HostnameVerifier strictHostnameVerifier() {
        return SharedCleartext.CLIENT.hostnameVerifier();
    }

    /**
     * Builds the hardened client: derived from the caller's client, or else from the shared
     * default client, with this transport's settings; or the client given to
     * {@link #of(OkHttpClient, Clock, boolean)}.
     *
     * @return a new client, or the one given to {@link #of(OkHttpClient, Clock, boolean)}
     */
    public OkHttpClient buildClient() {
        return buildClient(null);
    }

    /**
     * Builds the hardened client for requests to one endpoint, as {@link #buildClient()}; for a
     * plain-http endpoint without a caller's client, derived from a shared client without TLS (no
     * trust store is loaded), which refuses https requests ({@link PlainHttpOnly}).
     *
     * @param endpointUrl the endpoint's URL as configured, or null when not known (TLS and plain http)
     * @return a new client, or the one given to {@link #of(OkHttpClient, Clock, boolean)}
     */
    public OkHttpClient buildClient(String endpointUrl) {
        if (hardenedClient != null) {
            return hardenedClient;
        }
        // the scheme as Endpoints.parse will read it (same parser, same trimming); a URL that does not parse
        // gets the TLS client here and its error from Endpoints
        HttpUrl endpoint = endpointUrl == null ? null : HttpUrl.parse(endpointUrl.trim());
        boolean plainHttpOnly = baseClient == null && endpoint != null && !endpoint.isHttps();
        OkHttpClient base = baseClient != null ? baseClient
                : plainHttpOnly ? SharedCleartext.CLIENT : sharedDefaultClient();
        OkHttpClient.Builder b = base.newBuilder();
        b.interceptors().clear();
        b.networkInterceptors().clear();
        LoopbackGuard loopback = new LoopbackGuard(base.dns(), allowInsecureHttp);
        long ioTimeoutMillis = readTimeout.toMillis();
        if (base.socketFactory() == SocketFactory.getDefault()) {
            // the same sockets, without OkHttp 3's 1 ms wait on a connection in use moments ago, and with the read
            // timeout in the socket (SO_TIMEOUT) instead of on Okio's watchdog thread, which every timed read and
            // write would wake; HTTP/1.1 only, since HTTP/2 streams time out on that watchdog alone. A caller's own
            // factory is kept, with OkHttp's timeouts. Equal factories for equal timeouts: pooled connections are
            // reused only for an equal factory
            b.socketFactory(IdleCheckSocketFactory.withReadTimeout(ioTimeoutMillis));
            b.protocols(Collections.singletonList(Protocol.HTTP_1_1));
            ioTimeoutMillis = 0;
        }
        if (plainHttpOnly) {
            b.addInterceptor(PlainHttpOnly.INSTANCE);
            if (!allowInsecureHttp) {
                // loopback only, which LoopbackGuard lets through only over a direct connection: no proxy
                // selector to ask (a URI parsed per request), and never a proxy it would refuse
                b.proxy(Proxy.NO_PROXY);
            }
        }
        return b.authenticator(Authenticator.NONE)
                .followRedirects(false)
                .followSslRedirects(false)
                // a dropped connection must not silently re-send credentials (single-use codes, rotated
                // refresh tokens, rate limits): failures go to the caller and the cache's backoff
                .retryOnConnectionFailure(false)
                .cache(null)
                .cookieJar(CookieJar.NO_COOKIES)
                // never the caller's verifier (it may accept every host): OkHttp's own rules behind the
                // strict check, one instance for all clients so that pooled connections are shared
                .hostnameVerifier(strictHostnameVerifier())
                .dns(loopback)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(ioTimeoutMillis, TimeUnit.MILLISECONDS)
                .writeTimeout(ioTimeoutMillis, TimeUnit.MILLISECONDS)
                .callTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .addInterceptor(new BodyCapInterceptor(BodyCapInterceptor.MAX_BODY_BYTES))
                .addNetworkInterceptor(loopback)
                .addNetworkInterceptor(SendOnce.NETWORK)
                .build();
    }

    /**
     * Builds a Retrofit over the given client for the generated APIs.
     *
     * @param baseUrl the base URL; made to end with {@code /}
     * @param client the hardened client (or any call factory wrapping it)
     * @param provider the provider, for messages
     * @return the Retrofit instance
     */
    public static Retrofit retrofit(HttpUrl baseUrl, okhttp3.Call.Factory client, Provider provider) {
        return new Retrofit.Builder()
                .baseUrl(Endpoints.asDirectory(baseUrl))
                .callFactory(client)
                .addConverterFactory(new SafeConverterFactory(provider))
                .build();
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    private static Duration positive(Duration d, String name) {
        require(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
