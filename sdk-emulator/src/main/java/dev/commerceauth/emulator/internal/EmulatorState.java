package dev.commerceauth.emulator.internal;

import dev.commerceauth.emulator.Dialect;
import dev.commerceauth.emulator.RecordedTokenRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the handlers share: registered clients, users and markets, issued tokens, codes,
 * the request log, counters, faults and limiters. Thread-safe.
 */
final class EmulatorState {

    private final EmulatorSettings settings;
    private final JwtSigner signer;
    private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();
    private final Map<String, RegisteredUser> users = new ConcurrentHashMap<>();
    private final Map<String, String> marketCodes;
    private final Map<String, AccessTokenRecord> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshTokenRecord> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCodeRecord> codes = new ConcurrentHashMap<>();
    private final List<RecordedTokenRequest> log = new ArrayList<>();
    private final Map<Dialect, AtomicInteger> issued = new EnumMap<>(Dialect.class);
    private final AtomicInteger protectedResourceRequests = new AtomicInteger();
    private final FaultPlan faults = new FaultPlan();
    private final LoginThrottle loginThrottle;
    private final RateLimiter rateLimiter;
    private volatile String baseUrl = "";

    /**
     * Creates the state.
     *
     * @param settings the settings
     * @param signer the JWT signer
     * @param clients the registered clients
     * @param users the registered users
     * @param markets Commerce Layer markets, id to code, in order
     */
    EmulatorState(EmulatorSettings settings, JwtSigner signer, List<RegisteredClient> clients,
            List<RegisteredUser> users, Map<String, String> markets) {
        this.settings = settings;
        this.signer = signer;
        for (RegisteredClient c : clients) {
            this.clients.put(c.dialect() + ":" + c.clientId(), c);
        }
        for (RegisteredUser u : users) {
            this.users.put(userKey(u.dialect(), u.username()), u);
        }
        this.marketCodes = Collections.unmodifiableMap(new LinkedHashMap<>(markets));
        for (Dialect d : Dialect.values()) {
            issued.put(d, new AtomicInteger());
        }
        this.loginThrottle = new LoginThrottle(settings.shopwareThrottleFailures(),
                settings.shopwareThrottleWindow(), settings.shopwareThrottleLockout());
        this.rateLimiter = new RateLimiter(settings.commerceLayerRateLimit(), Duration.ofSeconds(60));
    }

    private static String userKey(Dialect dialect, String username) {
        String name = dialect == Dialect.COMMERCE_LAYER ? username.toLowerCase(Locale.ROOT) : username;
        return dialect + ":" + name;
    }

    /** @return the settings */
    EmulatorSettings settings() {
        return settings;
    }

    /** @return the JWT signer */
    JwtSigner signer() {
        return signer;
    }

    /** @return the current instant per the configured clock */
    Instant now() {
        return settings.clock().instant();
    }

    /** @return the emulator's base URL, e.g. {@code http://127.0.0.1:8089} */
    String baseUrl() {
        return baseUrl;
    }

    /**
     * Sets the base URL once the server is bound.
     *
     * @param baseUrl the base URL
     */
    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Looks a client up.
     *
     * @param dialect the dialect
     * @param clientId the client id, may be {@code null}
     * @return the client, or {@code null}
     */
    RegisteredClient client(Dialect dialect, String clientId) {
        return clientId == null ? null : clients.get(dialect + ":" + clientId);
    }

    /**
     * Looks a user up by username (Commerce Layer: email, case-insensitive).
     *
     * @param dialect the dialect
     * @param username the username, may be {@code null}
     * @return the user, or {@code null}
     */
    RegisteredUser user(Dialect dialect, String username) {
        return username == null ? null : users.get(userKey(dialect, username));
    }

    /**
     * Looks a user up by id.
     *
     * @param dialect the dialect
     * @param id the id, may be {@code null}
     * @return the user, or {@code null}
     */
    RegisteredUser userById(Dialect dialect, String id) {
        if (id == null) {
            return null;
        }
        for (RegisteredUser u : users.values()) {
            if (u.dialect() == dialect && u.id().equals(id)) {
                return u;
            }
        }
        return null;
    }

    /** @return Commerce Layer markets, id to code, in registration order */
    Map<String, String> markets() {
        return marketCodes;
    }

    /**
     * Registers an issued access token.
     *
     * @param record the token
     */
    void addAccessToken(AccessTokenRecord record) {
        accessTokens.put(record.jti(), record);
        issued.get(record.dialect()).incrementAndGet();
    }

    /**
     * Looks an access token up.
     *
     * @param jti its {@code jti}
     * @return the record, or {@code null}
     */
    AccessTokenRecord accessToken(String jti) {
        return jti == null ? null : accessTokens.get(jti);
    }

    /**
     * Finds the record of a compact JWT this emulator signed.
     *
     * @param jwt the token
     * @return the record, or {@code null} when the signature is not ours or the token is unknown
     */
    AccessTokenRecord accessTokenOf(String jwt) {
        Map<String, Object> claims = signer.verify(jwt);
        if (claims == null || !(claims.get("jti") instanceof String)) {
            return null;
        }
        return accessTokens.get((String) claims.get("jti"));
    }

    /**
     * Registers an issued refresh token.
     *
     * @param record the token
     */
    void addRefreshToken(RefreshTokenRecord record) {
        refreshTokens.put(record.token(), record);
    }

    /**
     * Looks a refresh token up.
     *
     * @param token the opaque token
     * @return the record, or {@code null}
     */
    RefreshTokenRecord refreshToken(String token) {
        return token == null ? null : refreshTokens.get(token);
    }

    /**
     * Revokes an access token (compact JWT) or refresh token of any dialect; a refresh token's
     * access token is revoked with it, and a Commerce Layer access token's refresh token too.
     *
     * @param token the token
     * @return whether the token was known
     */
    boolean revoke(String token) {
        RefreshTokenRecord refresh = refreshToken(token);
        if (refresh != null) {
            refresh.revoke();
            AccessTokenRecord access = accessToken(refresh.accessTokenJti());
            if (access != null) {
                access.revoke();
            }
            return true;
        }
        AccessTokenRecord access = accessTokenOf(token);
        if (access != null) {
            access.revoke();
            if (access.dialect() == Dialect.COMMERCE_LAYER) {
                for (RefreshTokenRecord r : refreshTokens.values()) {
                    if (access.jti().equals(r.accessTokenJti())) {
                        r.revoke();
                    }
                }
            }
            return true;
        }
        return false;
    }

    /** Revokes every access and refresh token issued so far. */
    void revokeAll() {
        for (AccessTokenRecord a : accessTokens.values()) {
            a.revoke();
        }
        for (RefreshTokenRecord r : refreshTokens.values()) {
            r.revoke();
        }
    }

    /**
     * Stores an authorization code.
     *
     * @param code the code
     * @param record what it stands for
     */
    void addAuthorizationCode(String code, AuthorizationCodeRecord record) {
        codes.put(code, record);
    }

    /**
     * Looks an authorization code up.
     *
     * @param code the code
     * @return the record, or {@code null}
     */
    AuthorizationCodeRecord authorizationCode(String code) {
        return code == null ? null : codes.get(code);
    }

    /**
     * Appends to the request log.
     *
     * @param request the record (never holds secrets)
     */
    void record(RecordedTokenRequest request) {
        synchronized (log) {
            log.add(request);
        }
    }

    /** @return an immutable snapshot of the request log */
    List<RecordedTokenRequest> requests() {
        synchronized (log) {
            return Collections.unmodifiableList(new ArrayList<>(log));
        }
    }

    /** Clears the request log. */
    void resetRequestLog() {
        synchronized (log) {
            log.clear();
        }
    }

    /**
     * How many access tokens a dialect issued.
     *
     * @param dialect the dialect
     * @return the count
     */
    int issuedTokenCount(Dialect dialect) {
        return issued.get(dialect).get();
    }

    /** @return the counter of protected-resource requests */
    AtomicInteger protectedResourceRequests() {
        return protectedResourceRequests;
    }

    /** @return the fault plan */
    FaultPlan faults() {
        return faults;
    }

    /** @return Shopware's login throttle */
    LoginThrottle loginThrottle() {
        return loginThrottle;
    }

    /** @return Commerce Layer's rate limiter */
    RateLimiter rateLimiter() {
        return rateLimiter;
    }
}
