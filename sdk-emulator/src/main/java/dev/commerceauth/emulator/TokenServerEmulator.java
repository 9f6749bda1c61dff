package dev.commerceauth.emulator;

import dev.commerceauth.emulator.internal.EmulatorServer;
import dev.commerceauth.emulator.internal.EmulatorSettings;

import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A local server that answers like the token endpoints of sellytics (Keycloak), Shopware and
 * Commerce Layer, on one loopback port, each dialect under its own path prefix:
 *
 * <table>
 * <caption>URL layout</caption>
 * <tr><th>path</th><th>what</th></tr>
 * <tr><td>{@code /sellytics/realms/sellytics/protocol/openid-connect/token}</td><td>Keycloak token (form)</td></tr>
 * <tr><td>{@code /sellytics/realms/sellytics/protocol/openid-connect/revoke}</td><td>Keycloak revocation (form)</td></tr>
 * <tr><td>{@code /sellytics/realms/sellytics/protocol/openid-connect/certs}</td><td>Keycloak JWKS (RS256)</td></tr>
 * <tr><td>{@code /shopware/api/oauth/token}</td><td>Shopware Admin API token (JSON)</td></tr>
 * <tr><td>{@code /commercelayer/oauth/token}</td><td>Commerce Layer token (JSON, five grants)</td></tr>
 * <tr><td>{@code /commercelayer/oauth/revoke}</td><td>Commerce Layer revocation (JSON)</td></tr>
 * <tr><td>{@code /commercelayer/.well-known/jwks.json}</td><td>Commerce Layer JWKS (RS512)</td></tr>
 * <tr><td>{@code /api/echo}</td><td>a protected resource accepting only valid tokens of this emulator</td></tr>
 * </table>
 *
 * <p>Use it like this; {@link Builder#start()} builds and starts in one step, and {@link #close()}
 * stops the server and its threads:
 *
 * <pre>{@code
 * try (TokenServerEmulator emulator = TokenServerEmulator.builder().start()) {
 *     String tokenUrl = emulator.sellyticsTokenUrl();
 *     ...
 * }
 * }</pre>
 *
 * <p>Access tokens are real JWTs (RS256 for sellytics and Shopware, RS512 with {@code kid} for
 * Commerce Layer) signed with an RSA 2048 key pair generated when the emulator is built. Token times,
 * expiry checks, the Commerce Layer rate limit and the Shopware login throttle all follow the
 * configured {@link Clock}. The demo credentials in {@link DemoCredentials} are preloaded unless
 * {@link Builder#withDemoData(boolean) withDemoData(false)}.
 *
 * <p>Thread-safe. The request log never holds a secret.
 */
public final class TokenServerEmulator implements AutoCloseable {

    /** The executor's threads are named with this prefix. */
    public static final String THREAD_NAME_PREFIX = "token-server-emulator-";

    private final int requestedPort;
    private final EmulatorServer server;
    private final Faults faults;

    private TokenServerEmulator(Builder b) {
        this.requestedPort = b.port;
        Duration sellytics = b.sellyticsLifetime != null ? b.sellyticsLifetime : b.lifetime;
        Duration shopware = b.shopwareLifetime != null ? b.shopwareLifetime : b.lifetime;
        Duration commerceLayer = b.commerceLayerLifetime != null ? b.commerceLayerLifetime : b.lifetime;
        EmulatorSettings settings = new EmulatorSettings(b.clock, sellytics, shopware, commerceLayer,
                b.commerceLayerRateLimit, b.throttleFailures, b.throttleWindow, b.throttleLockout)
                .withCommerceLayerBackendAuth(b.commerceLayerBackendAuth);
        EmulatorServer.Builder server = EmulatorServer.builder(settings);
        if (b.demoData) {
            register(server, EmulatorClient.sellytics(DemoCredentials.SELLYTICS_CLIENT_ID,
                    DemoCredentials.SELLYTICS_CLIENT_SECRET));
            register(server, EmulatorClient.shopwareIntegration(DemoCredentials.SHOPWARE_ACCESS_KEY_ID,
                    DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY));
            register(server, EmulatorClient.commerceLayerSalesChannel(
                    DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID));
            register(server, EmulatorClient.commerceLayerIntegration(
                    DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID, DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET));
            register(server, EmulatorClient.commerceLayerWebapp(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID,
                    DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET, DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI));
            register(server, EmulatorUser.shopwareAdmin(DemoCredentials.SHOPWARE_ADMIN_USERNAME,
                    DemoCredentials.SHOPWARE_ADMIN_PASSWORD));
            register(server, EmulatorUser.commerceLayerCustomer(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL,
                    DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD));
            server.market(DemoCredentials.COMMERCELAYER_MARKET_ID, DemoCredentials.COMMERCELAYER_MARKET_CODE);
        }
        for (EmulatorClient c : b.clients) {
            register(server, c);
        }
        for (EmulatorUser u : b.users) {
            register(server, u);
        }
        for (Map.Entry<String, String> m : b.markets.entrySet()) {
            server.market(m.getKey(), m.getValue());
        }
        this.server = server.build();
        this.faults = new Faults(this.server.faults());
    }

    private static void register(EmulatorServer.Builder server, EmulatorClient c) {
        server.client(c.dialect(), c.kind(), c.clientId(), c.clientSecret(), c.redirectUri());
    }

    private static void register(EmulatorServer.Builder server, EmulatorUser u) {
        server.user(u.dialect(), u.username(), u.password());
    }

    /**
     * A builder with the defaults: free port, provider lifetimes (sellytics 24 h, Shopware 600 s,
     * Commerce Layer 4 h for sales channels and 2 h otherwise), system UTC clock, Commerce Layer
     * limit 30 requests per minute, Shopware throttle 10 failures in 10 s for 10 s, demo data on.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds to 127.0.0.1 and starts serving. An emulator can be started once.
     *
     * @return this emulator
     * @throws IllegalStateException if it was already started or closed
     * @throws UncheckedIOException if the port cannot be bound
     */
    public TokenServerEmulator start() {
        server.start(requestedPort);
        return this;
    }

    /**
     * Stops the server, closes open connections and stops its threads. Idempotent.
     */
    @Override
    public void close() {
        server.close();
    }

    /**
     * The bound port.
     *
     * @return the port
     * @throws IllegalStateException if not started
     */
    public int port() {
        return server.port();
    }

    /**
     * The base URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     * @throws IllegalStateException if not started
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The sellytics Keycloak token URL.
     *
     * @return {@code {base}/sellytics/realms/sellytics/protocol/openid-connect/token}
     */
    public String sellyticsTokenUrl() {
        return sellyticsRealmUrl() + "/protocol/openid-connect/token";
    }

    /**
     * The sellytics Keycloak revocation URL.
     *
     * @return {@code {base}/sellytics/realms/sellytics/protocol/openid-connect/revoke}
     */
    public String sellyticsRevokeUrl() {
        return sellyticsRealmUrl() + "/protocol/openid-connect/revoke";
    }

    /**
     * The sellytics realm URL, which is also the {@code iss} of its tokens.
     *
     * @return {@code {base}/sellytics/realms/sellytics}
     */
    public String sellyticsRealmUrl() {
        return baseUrl() + "/sellytics/realms/" + DemoCredentials.SELLYTICS_REALM;
    }

    /**
     * The Shopware shop base URL.
     *
     * @return {@code {base}/shopware}; the token endpoint is {@code {shop}/api/oauth/token}
     */
    public String shopwareUrl() {
        return baseUrl() + "/shopware";
    }

    /**
     * The Shopware token URL.
     *
     * @return {@code {base}/shopware/api/oauth/token}
     */
    public String shopwareTokenUrl() {
        return shopwareUrl() + EmulatorServer.SHOPWARE_TOKEN_PATH;
    }

    /**
     * The Commerce Layer auth base URL, which is also the {@code iss} of its tokens.
     *
     * @return {@code {base}/commercelayer}
     */
    public String commerceLayerBaseUrl() {
        return baseUrl() + "/commercelayer";
    }

    /**
     * The Commerce Layer token URL.
     *
     * @return {@code {base}/commercelayer/oauth/token}
     */
    public String commerceLayerTokenUrl() {
        return commerceLayerBaseUrl() + "/oauth/token";
    }

    /**
     * The Commerce Layer revocation URL.
     *
     * @return {@code {base}/commercelayer/oauth/revoke}
     */
    public String commerceLayerRevokeUrl() {
        return commerceLayerBaseUrl() + "/oauth/revoke";
    }

    /**
     * The Commerce Layer JWKS URL.
     *
     * @return {@code {base}/commercelayer/.well-known/jwks.json}
     */
    public String commerceLayerJwksUrl() {
        return commerceLayerBaseUrl() + "/.well-known/jwks.json";
    }

    /**
     * The protected resource that accepts only valid, unexpired, unrevoked tokens of this emulator.
     *
     * @return {@code {base}/api/echo}
     */
    public String protectedResourceUrl() {
        return baseUrl() + EmulatorServer.PROTECTED_RESOURCE_PATH;
    }

    /**
     * Fault injection for the token and revocation endpoints.
     *
     * @return the faults of this emulator
     */
    public Faults faults() {
        return faults;
    }

    /**
     * The requests to token and revocation endpoints so far, oldest first (never any secret).
     *
     * @return an immutable snapshot
     */
    public List<RecordedTokenRequest> requests() {
        return server.requests();
    }

    /**
     * How many requests reached a token endpoint (revocations not counted), including failed and
     * faulted ones.
     *
     * @return the count since start or the last {@link #resetRequestLog()}
     */
    public int tokenRequestCount() {
        int n = 0;
        for (RecordedTokenRequest r : server.requests()) {
            if (r.isTokenRequest()) {
                n++;
            }
        }
        return n;
    }

    /**
     * How many requests reached one dialect's token endpoint.
     *
     * @param dialect the dialect
     * @return the count since start or the last {@link #resetRequestLog()}
     */
    public int tokenRequestCount(Dialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        int n = 0;
        for (RecordedTokenRequest r : server.requests()) {
            if (r.isTokenRequest() && r.dialect() == dialect) {
                n++;
            }
        }
        return n;
    }

    /**
     * Clears the request log (not the issued-token counters).
     */
    public void resetRequestLog() {
        server.resetRequestLog();
    }

    /**
     * How many access tokens were issued, all dialects.
     *
     * @return the count since start
     */
    public int issuedTokenCount() {
        int n = 0;
        for (Dialect d : Dialect.values()) {
            n += server.issuedTokenCount(d);
        }
        return n;
    }

    /**
     * How many access tokens one dialect issued.
     *
     * @param dialect the dialect
     * @return the count since start
     */
    public int issuedTokenCount(Dialect dialect) {
        return server.issuedTokenCount(Objects.requireNonNull(dialect, "dialect"));
    }

    /**
     * How many requests reached the protected resource {@link #protectedResourceUrl()}.
     *
     * @return the count since start
     */
    public int protectedResourceRequestCount() {
        return server.protectedResourceRequestCount();
    }

    /**
     * Mints a one-time Commerce Layer authorization code, as if the customer had logged in to the
     * webapp; it is bound to the webapp's registered redirect URI and valid for 10 minutes.
     *
     * @param clientId a registered Commerce Layer webapp's client id
     * @param customerEmail a registered Commerce Layer customer's email
     * @return the code, for the authorization_code grant
     * @throws IllegalArgumentException if the client is not a registered webapp or the customer is unknown
     */
    public String issueAuthorizationCode(String clientId, String customerEmail) {
        return server.issueAuthorizationCode(clientId, customerEmail);
    }

    /**
     * Revokes an access token (the JWT) or a refresh token of any dialect, as if the provider had;
     * the protected resource refuses a revoked access token and the token endpoints a revoked
     * refresh token. Revoking a refresh token revokes the access token issued with it.
     *
     * @param token the token
     * @return whether the token was issued by this emulator
     */
    public boolean revoke(String token) {
        return token != null && server.revoke(token);
    }

    /**
     * Revokes every access and refresh token issued so far.
     */
    public void revokeAllTokens() {
        server.revokeAllTokens();
    }

    /**
     * The public key every token is signed with.
     *
     * @return the RSA public key
     */
    public RSAPublicKey publicKey() {
        return server.publicKey();
    }

    /**
     * The key id ({@code kid}) in every token's header and in the JWKS.
     *
     * @return the key id
     */
    public String keyId() {
        return server.keyId();
    }

    /**
     * Whether the emulator is started and not closed.
     *
     * @return whether it is serving
     */
    public boolean isRunning() {
        return server.isStarted() && !server.isClosed();
    }

    @Override
    public String toString() {
        return "TokenServerEmulator{" + (server.isStarted() ? "http://127.0.0.1:" + server.port() : "not started")
                + (server.isClosed() ? ", closed" : "") + "}";
    }

    /**
     * Configures a {@link TokenServerEmulator}. Not thread-safe; each {@link #build()} creates an
     * independent emulator.
     */
    public static final class Builder {

        private int port;
        private Duration lifetime;
        private Duration sellyticsLifetime;
        private Duration shopwareLifetime;
        private Duration commerceLayerLifetime;
        private Clock clock = Clock.systemUTC();
        private int commerceLayerRateLimit = 30;
        private String commerceLayerBackendAuth;
        private int throttleFailures = 10;
        private Duration throttleWindow = Duration.ofSeconds(10);
        private Duration throttleLockout = Duration.ofSeconds(10);
        private boolean demoData = true;
        private final List<EmulatorClient> clients = new ArrayList<>();
        private final List<EmulatorUser> users = new ArrayList<>();
        private final Map<String, String> markets = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The port to bind on 127.0.0.1.
         *
         * @param port 0 (the default) for a free port, or 1..65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The access token lifetime of every dialect, unless a per-dialect lifetime is set.
         *
         * @param lifetime a positive duration (whole seconds are used for {@code expires_in})
         * @return this builder
         */
        public Builder tokenLifetime(Duration lifetime) {
            this.lifetime = positive(lifetime);
            return this;
        }

        /**
         * The sellytics access token lifetime (default 24 h).
         *
         * @param lifetime a positive duration
         * @return this builder
         */
        public Builder sellyticsTokenLifetime(Duration lifetime) {
            this.sellyticsLifetime = positive(lifetime);
            return this;
        }

        /**
         * The Shopware access token lifetime (default 600 s).
         *
         * @param lifetime a positive duration
         * @return this builder
         */
        public Builder shopwareTokenLifetime(Duration lifetime) {
            this.shopwareLifetime = positive(lifetime);
            return this;
        }

        /**
         * The Commerce Layer access token lifetime of every client kind (default 4 h for sales
         * channels, 2 h for integrations and webapps).
         *
         * @param lifetime a positive duration
         * @return this builder
         */
        public Builder commerceLayerTokenLifetime(Duration lifetime) {
            this.commerceLayerLifetime = positive(lifetime);
            return this;
        }

        /**
         * The clock for {@code iat}/{@code exp}/{@code created_at}, expiry checks, the Commerce Layer
         * rate limit window and the Shopware login throttle. Tests can pass a clock they advance.
         *
         * @param clock the clock (default {@link Clock#systemUTC()})
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Commerce Layer's token request limit per IP and minute; when exceeded, 429 with
         * {@code X-Ratelimit-*} and {@code Retry-After}.
         *
         * @param perMinute requests per minute (default 30); 0 disables the limit
         * @return this builder
         */
        public Builder commerceLayerRateLimit(int perMinute) {
            if (perMinute < 0) {
                throw new IllegalArgumentException("perMinute must not be negative");
            }
            this.commerceLayerRateLimit = perMinute;
            return this;
        }

        /**
         * The key a trusted backend sends in Commerce Layer's {@code x-backend-auth} header (an
         * enterprise feature). A token request that carries this key and a valid IP literal in
         * {@code x-true-client-ip} counts against the {@linkplain #commerceLayerRateLimit(int) rate
         * limit} of that IP instead of the connection's; with a missing or other key, both headers
         * are ignored. The request log records whether the key was sent and accepted and the
         * forwarded IP, never the key.
         *
         * @param key the key (printable ASCII, not empty); by default none is configured and
         *     {@code x-true-client-ip} is never honoured
         * @return this builder
         */
        public Builder commerceLayerBackendAuth(String key) {
            if (key == null || key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("key must be printable ASCII without whitespace, not empty");
            }
            this.commerceLayerBackendAuth = key;
            return this;
        }

        /**
         * Shopware's brute-force limiter on the password grant, per username and IP: after
         * {@code failures} failed attempts within {@code window}, attempts get 429
         * {@code FRAMEWORK__AUTH_THROTTLED} for {@code lockout}.
         *
         * @param failures failed attempts (default 10); 0 disables the limiter
         * @param window the counting window (default 10 s)
         * @param lockout the lockout (default 10 s)
         * @return this builder
         */
        public Builder shopwareLoginThrottle(int failures, Duration window, Duration lockout) {
            if (failures < 0) {
                throw new IllegalArgumentException("failures must not be negative");
            }
            this.throttleFailures = failures;
            this.throttleWindow = positive(window);
            this.throttleLockout = positive(lockout);
            return this;
        }

        /**
         * Registers a client in addition to (or, with {@code withDemoData(false)}, instead of) the demo clients.
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(EmulatorClient client) {
            clients.add(Objects.requireNonNull(client, "client"));
            return this;
        }

        /**
         * Registers a user in addition to (or instead of) the demo users.
         *
         * @param user the user
         * @return this builder
         */
        public Builder user(EmulatorUser user) {
            users.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /**
         * Registers a Commerce Layer market, usable in scopes as {@code market:id:{id}} and
         * {@code market:code:{code}}; unknown markets in scope get 400 {@code invalid_scope}.
         *
         * @param id the market id
         * @param code the market code
         * @return this builder
         */
        public Builder commerceLayerMarket(String id, String code) {
            markets.put(EmulatorClient.requireText(id, "id"), EmulatorClient.requireText(code, "code"));
            return this;
        }

        /**
         * Whether to preload the clients, users and market of {@link DemoCredentials}.
         *
         * @param demoData {@code true} (the default) to preload them
         * @return this builder
         */
        public Builder withDemoData(boolean demoData) {
            this.demoData = demoData;
            return this;
        }

        /**
         * Builds an emulator that is not started yet (its key pair is generated now).
         *
         * @return the emulator; call {@link TokenServerEmulator#start()}
         */
        public TokenServerEmulator build() {
            return new TokenServerEmulator(this);
        }

        /**
         * Builds and starts an emulator.
         *
         * @return the started emulator
         */
        public TokenServerEmulator start() {
            return build().start();
        }

        private static Duration positive(Duration d) {
            Objects.requireNonNull(d, "duration");
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }
    }
}
