package dev.commerceauth.emulator.internal;

import com.sun.net.httpserver.HttpServer;
import dev.commerceauth.emulator.Dialect;
import dev.commerceauth.emulator.RecordedTokenRequest;
import dev.commerceauth.emulator.TokenServerEmulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What stands behind {@link TokenServerEmulator}: the shared state (registered clients, users and
 * markets, issued tokens, the request log, faults and limiters), the three dialect handlers, the
 * protected resource, and the JDK HTTP server on 127.0.0.1 with its threads. Thread-safe.
 *
 * <p>Not an API: {@link TokenServerEmulator} is its only caller, and it may change in any release.
 */
public final class EmulatorServer {

    /** The Shopware token path below the shop URL. */
    public static final String SHOPWARE_TOKEN_PATH = ShopwareHandler.TOKEN_PATH;
    /** The path of the protected resource. */
    public static final String PROTECTED_RESOURCE_PATH = EchoHandler.PATH;

    private static final int THREADS = 16;
    private static final int BACKLOG = 64;
    private static final Duration AUTHORIZATION_CODE_LIFETIME = Duration.ofMinutes(10);

    static {
        // The JDK server leaves Nagle's algorithm on: over loopback every response would then wait
        // for the client's delayed ACK (about 40 ms per token request). The property is read once,
        // when the JDK's server configuration loads; a value the user set explicitly wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final EmulatorState state;
    private final Object lifecycle = new Object();
    private HttpServer server;
    private ThreadPoolExecutor executor;
    private volatile int port = -1;
    private volatile boolean closed;

    private EmulatorServer(Builder b) {
        this.state = new EmulatorState(b.settings, JwtSigner.generate(), b.clients, b.users, b.markets);
    }

    /**
     * A builder for a server with these settings and, so far, no client, user or market.
     *
     * @param settings the settings
     * @return a new builder
     */
    public static Builder builder(EmulatorSettings settings) {
        return new Builder(settings);
    }

    /**
     * Binds to 127.0.0.1 and starts serving. A server can be started once.
     *
     * @param requestedPort 0 for a free port, or the port to bind
     * @throws IllegalStateException if it was already started or closed
     * @throws UncheckedIOException if the port cannot be bound
     */
    public void start(int requestedPort) {
        synchronized (lifecycle) {
            if (server != null || closed) {
                throw new IllegalStateException(closed ? "emulator is closed" : "emulator is already started");
            }
            HttpServer http;
            try {
                http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), requestedPort), BACKLOG);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind 127.0.0.1:" + requestedPort, e);
            }
            int boundPort = http.getAddress().getPort();
            state.baseUrl("http://127.0.0.1:" + boundPort);
            for (DialectHandler handler : new DialectHandler[] {
                new SellyticsHandler(state), new ShopwareHandler(state), new CommerceLayerHandler(state)}) {
                http.createContext(handler.prefix() + "/", handler);
            }
            http.createContext(EchoHandler.PATH, new EchoHandler(state));
            http.createContext("/", new NotFoundHandler(state));
            ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<Runnable>(256), new NamedThreads(boundPort),
                    new ThreadPoolExecutor.CallerRunsPolicy());
            pool.allowCoreThreadTimeOut(true);
            http.setExecutor(pool);
            http.start();
            this.server = http;
            this.executor = pool;
            this.port = boundPort;
        }
    }

    /**
     * Stops the server, closes open connections and stops its threads. Idempotent.
     */
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
                try {
                    executor.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** @return whether {@link #start(int)} succeeded (whether or not it was closed since) */
    public boolean isStarted() {
        return port >= 0;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The bound port.
     *
     * @return the port
     * @throws IllegalStateException if not started
     */
    public int port() {
        int p = port;
        if (p < 0) {
            throw new IllegalStateException("emulator is not started");
        }
        return p;
    }

    /** @return the fault plan of the token and revocation endpoints */
    public FaultPlan faults() {
        return state.faults();
    }

    /** @return an immutable snapshot of the request log, oldest first */
    public List<RecordedTokenRequest> requests() {
        return state.requests();
    }

    /** Clears the request log (not the issued-token counters). */
    public void resetRequestLog() {
        state.resetRequestLog();
    }

    /**
     * How many access tokens one dialect issued.
     *
     * @param dialect the dialect
     * @return the count since start
     */
    public int issuedTokenCount(Dialect dialect) {
        return state.issuedTokenCount(dialect);
    }

    /** @return how many requests reached the protected resource */
    public int protectedResourceRequestCount() {
        return state.protectedResourceRequests().get();
    }

    /**
     * Mints a one-time Commerce Layer authorization code bound to a webapp's registered redirect
     * URI, valid for 10 minutes.
     *
     * @param clientId a registered Commerce Layer webapp's client id
     * @param customerEmail a registered Commerce Layer customer's email
     * @return the code
     * @throws IllegalArgumentException if the client is not a registered webapp or the customer is unknown
     */
    public String issueAuthorizationCode(String clientId, String customerEmail) {
        RegisteredClient client = state.client(Dialect.COMMERCE_LAYER, clientId);
        if (client == null || client.kind() != ClientKind.CL_WEBAPP) {
            throw new IllegalArgumentException("not a registered Commerce Layer webapp: " + clientId);
        }
        RegisteredUser customer = state.user(Dialect.COMMERCE_LAYER, customerEmail);
        if (customer == null) {
            throw new IllegalArgumentException("not a registered Commerce Layer customer: " + customerEmail);
        }
        String code = Ids.randomToken(32);
        state.addAuthorizationCode(code, new AuthorizationCodeRecord(client.clientId(), client.redirectUri(), customer,
                state.now().plus(AUTHORIZATION_CODE_LIFETIME)));
        return code;
    }

    /**
     * Revokes an access token (the JWT) or a refresh token of any dialect.
     *
     * @param token the token
     * @return whether the token was issued by this server
     */
    public boolean revoke(String token) {
        return state.revoke(token);
    }

    /** Revokes every access and refresh token issued so far. */
    public void revokeAllTokens() {
        state.revokeAll();
    }

    /** @return the public key every token is signed with */
    public RSAPublicKey publicKey() {
        return state.signer().publicKey();
    }

    /** @return the key id ({@code kid}) in every token's header and in the JWKS */
    public String keyId() {
        return state.signer().keyId();
    }

    /** Names the executor's threads and makes them daemons. */
    private static final class NamedThreads implements ThreadFactory {
        private final int port;
        private final AtomicInteger count = new AtomicInteger();

        NamedThreads(int port) {
            this.port = port;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, TokenServerEmulator.THREAD_NAME_PREFIX + port + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * Collects what a new server knows from the start: its clients, users and Commerce Layer
     * markets. Not thread-safe.
     */
    public static final class Builder {

        private final EmulatorSettings settings;
        private final List<RegisteredClient> clients = new ArrayList<>();
        private final List<RegisteredUser> users = new ArrayList<>();
        private final Map<String, String> markets = new LinkedHashMap<>();

        private Builder(EmulatorSettings settings) {
            this.settings = settings;
        }

        /**
         * Registers a client.
         *
         * @param dialect the dialect
         * @param kind the kind
         * @param clientId the client id
         * @param secret the secret, or {@code null} for public clients
         * @param redirectUri the redirect URI, or {@code null}
         * @return this builder
         */
        public Builder client(Dialect dialect, ClientKind kind, String clientId, String secret, String redirectUri) {
            clients.add(new RegisteredClient(dialect, kind, clientId, secret, redirectUri));
            return this;
        }

        /**
         * Registers a user.
         *
         * @param dialect the dialect
         * @param username the username (Commerce Layer: email)
         * @param password the password
         * @return this builder
         */
        public Builder user(Dialect dialect, String username, String password) {
            users.add(new RegisteredUser(dialect, username, password));
            return this;
        }

        /**
         * Registers a Commerce Layer market; a later registration of the same id replaces its code.
         *
         * @param id the market id
         * @param code the market code
         * @return this builder
         */
        public Builder market(String id, String code) {
            markets.put(id, code);
            return this;
        }

        /**
         * Builds a server that is not started yet; its RSA key pair is generated now.
         *
         * @return the server
         */
        public EmulatorServer build() {
            return new EmulatorServer(this);
        }
    }
}
