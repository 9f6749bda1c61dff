package dev.commerceauth.emulator.internal;

import com.google.gson.JsonParseException;
import dev.commerceauth.emulator.Dialect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commerce Layer's authentication API under {@code /commercelayer}: {@code /oauth/token} with the
 * five grants, {@code /oauth/revoke}, {@code /.well-known/jwks.json}; JSON bodies, RS512 JWTs,
 * errors as {@code {"errors":[{"code":..,"title":..,"status":401,"detail":..,"meta":{}}]}} and a
 * per-IP rate limit with {@code X-Ratelimit-*} headers.
 */
final class CommerceLayerHandler extends DialectHandler {

    /** The JWT bearer grant type. */
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** Refresh tokens live two weeks. */
    static final Duration REFRESH_LIFETIME = Duration.ofDays(14);
    /** The largest accepted assertion. */
    static final int MAX_ASSERTION = 4096;
    /** The claim of a JWT bearer assertion that names the owner and custom claims. */
    static final String CLAIMS = "https://commercelayer.io/claims";
    /** A trusted backend's key header. */
    static final String BACKEND_AUTH = "x-backend-auth";
    /** The end user's IP header of a trusted backend. */
    static final String TRUE_CLIENT_IP = "x-true-client-ip";

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final java.util.regex.Pattern IPV6_CHARS = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private static final String INVALID_CLIENT = "Client authentication failed due to unknown client, no client "
            + "authentication included, or unsupported authentication method.";
    private static final String INVALID_GRANT = "The provided authorization grant is invalid, expired, revoked, does "
            + "not match the redirection URI used in the authorization request, or was issued to another client.";
    private static final String INVALID_REQUEST = "The request is missing a required parameter, includes an "
            + "unsupported parameter value, or is otherwise malformed.";
    private static final String INVALID_SCOPE = "The requested scope is invalid, unknown, or malformed.";

    /**
     * Creates the handler.
     *
     * @param state the shared state
     */
    CommerceLayerHandler(EmulatorState state) {
        super(state, Dialect.COMMERCE_LAYER, "/commercelayer");
    }

    @Override
    boolean isTokenOrRevocation(String path) {
        return "/oauth/token".equals(path) || "/oauth/revoke".equals(path);
    }

    @Override
    void describe(Request request, String path) {
        Map<String, String> params = paramsOrNull(request);
        if (params != null) {
            request.describe("/oauth/token".equals(path) ? params.get("grant_type") : null, params.get("client_id"));
        }
        if ("/oauth/token".equals(path)) {
            request.describeBackend(request.header(BACKEND_AUTH) != null, backendAuthAccepted(request),
                    honouredTrueClientIp(request));
        }
    }

    /** Whether {@code x-backend-auth} carries the configured key (compared in constant time). */
    private boolean backendAuthAccepted(Request request) {
        String key = state.settings().commerceLayerBackendAuth();
        String sent = request.header(BACKEND_AUTH);
        return key != null && sent != null && Ids.constantTimeEquals(key, sent);
    }

    /**
     * The {@code x-true-client-ip} the rate limit counts a request for: only with an accepted
     * {@code x-backend-auth} and only an IP literal (never resolved); otherwise {@code null}.
     */
    private String honouredTrueClientIp(Request request) {
        String ip = request.header(TRUE_CLIENT_IP);
        if (ip == null || !backendAuthAccepted(request) || ip.length() > 45) {
            return null;
        }
        boolean v4 = IPV4.matcher(ip).matches();
        if (!v4 && !IPV6_CHARS.matcher(ip).matches()) {
            return null;
        }
        try { // a literal: an IPv4 quad or text with ':', which InetAddress parses without any lookup
            return java.net.InetAddress.getByName(ip).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static Map<String, String> paramsOrNull(Request request) {
        if (request.isForm()) {
            return request.form();
        }
        try {
            return request.jsonObject();
        } catch (JsonParseException e) {
            return null;
        }
    }

    @Override
    Response route(Request request, String path) {
        if ("/.well-known/jwks.json".equals(path)) {
            if (!"GET".equals(request.method())) {
                return error(405, "Method not allowed").header("Allow", "GET");
            }
            return Response.json(200, Collections.singletonMap("keys",
                    Collections.singletonList(state.signer().jwk(JwtSigner.RS512))));
        }
        if (!isTokenOrRevocation(path)) {
            return error(404, "The requested resource was not found.");
        }
        if (!"POST".equals(request.method())) {
            return error(405, "Method not allowed").header("Allow", "POST");
        }
        if ("/oauth/revoke".equals(path)) {
            return revoke(request);
        }
        RateLimiter limiter = state.rateLimiter();
        String trueClientIp = honouredTrueClientIp(request);
        RateLimiter.Decision decision = limiter.acquire(trueClientIp != null ? trueClientIp : request.remoteIp(),
                state.now());
        if (!decision.allowed()) {
            return rateLimitHeaders(clError(429, "TOO_MANY_REQUESTS", "Too many requests",
                    "You have exceeded the rate limit of " + limiter.limit() + " requests per minute."), 0)
                    .header("Retry-After", String.valueOf(decision.retryAfterSeconds()));
        }
        return rateLimitHeaders(token(request), decision.remaining());
    }

    private Response rateLimitHeaders(Response response, int remaining) {
        RateLimiter limiter = state.rateLimiter();
        if (limiter.limit() > 0) {
            response.header("X-Ratelimit-Limit", String.valueOf(limiter.limit()))
                    .header("X-Ratelimit-Interval", String.valueOf(limiter.interval().getSeconds()))
                    .header("X-Ratelimit-Remaining", String.valueOf(remaining));
        }
        return response;
    }

    private Response token(Request request) {
        Map<String, String> params = paramsOrNull(request);
        if (params == null) {
            return badRequest("invalid_request", INVALID_REQUEST);
        }
        String grantType = params.get("grant_type");
        if (!"client_credentials".equals(grantType) && !"password".equals(grantType)
                && !"authorization_code".equals(grantType) && !"refresh_token".equals(grantType)
                && !JWT_BEARER.equals(grantType)) {
            return badRequest("unsupported_grant_type",
                    "The authorization grant type is not supported by the authorization server.");
        }
        RegisteredClient client = state.client(Dialect.COMMERCE_LAYER, params.get("client_id"));
        if (client == null || (client.confidential() && !client.secretMatches(params.get("client_secret")))) {
            return invalidClient();
        }
        if (("authorization_code".equals(grantType) || JWT_BEARER.equals(grantType)) && !client.confidential()) {
            return invalidClient();
        }
        if ("refresh_token".equals(grantType)) {
            return refresh(client, params);
        }
        Object scope = scope(client, params.get("scope"));
        if (scope instanceof Response) {
            return (Response) scope;
        }
        Scope granted = (Scope) scope;
        if ("client_credentials".equals(grantType)) {
            return Response.json(200, issue(client, null, granted, null));
        }
        RegisteredUser customer;
        if ("password".equals(grantType)) {
            String username = params.get("username");
            String password = params.get("password");
            if (isBlank(username) || isBlank(password)) {
                return badRequest("invalid_request", INVALID_REQUEST);
            }
            customer = state.user(Dialect.COMMERCE_LAYER, username);
            if (customer == null || !customer.passwordMatches(password)) {
                return invalidGrant();
            }
        } else if ("authorization_code".equals(grantType)) {
            String code = params.get("code");
            if (isBlank(code)) {
                return badRequest("invalid_request", INVALID_REQUEST);
            }
            AuthorizationCodeRecord record = state.authorizationCode(code);
            if (record == null || !record.clientId().equals(client.clientId())
                    || !record.redirectUri().equals(params.get("redirect_uri"))
                    || !state.now().isBefore(record.expiresAt()) || !record.use()) {
                return invalidGrant();
            }
            customer = record.customer();
        } else {
            String assertion = params.get("assertion");
            if (isBlank(assertion) || assertion.length() > MAX_ASSERTION) {
                return badRequest("invalid_request", INVALID_REQUEST);
            }
            Asserted asserted = asserted(assertion);
            if (asserted == null) {
                return invalidGrant();
            }
            return Response.json(200, issue(client, asserted.owner, granted, asserted.customClaim));
        }
        return Response.json(200, issue(client, customer, granted, null));
    }

    private Response refresh(RegisteredClient client, Map<String, String> params) {
        String token = params.get("refresh_token");
        if (isBlank(token)) {
            return badRequest("invalid_request", INVALID_REQUEST);
        }
        RefreshTokenRecord record = state.refreshToken(token);
        if (record == null || record.dialect() != Dialect.COMMERCE_LAYER || record.revoked()
                || !record.clientId().equals(client.clientId()) || !state.now().isBefore(record.expiresAt())) {
            return invalidGrant();
        }
        String requested = params.get("scope");
        Object scope = scope(client, isBlank(requested) ? record.scope() : requested);
        if (scope instanceof Response) {
            return (Response) scope;
        }
        return Response.json(200, issue(client, record.user(), (Scope) scope, null));
    }

    private Response revoke(Request request) {
        Map<String, String> params = paramsOrNull(request);
        if (params == null) {
            return badRequest("invalid_request", INVALID_REQUEST);
        }
        RegisteredClient client = state.client(Dialect.COMMERCE_LAYER, params.get("client_id"));
        if (client == null || (client.confidential() && !client.secretMatches(params.get("client_secret")))) {
            return clError(401, "UNAUTHORIZED", "invalid_client", "Client authentication failed.");
        }
        String token = params.get("token");
        if (isBlank(token)) {
            return badRequest("invalid_request", INVALID_REQUEST);
        }
        RefreshTokenRecord refresh = state.refreshToken(token);
        AccessTokenRecord access = state.accessTokenOf(token);
        String owner = refresh != null ? refresh.clientId() : access != null ? access.clientId() : null;
        Dialect dialect = refresh != null ? refresh.dialect() : access != null ? access.dialect() : null;
        if (dialect == Dialect.COMMERCE_LAYER && client.clientId().equals(owner)) {
            state.revoke(token);
        }
        return Response.json(200, Collections.emptyMap());
    }

    /** Granted scope: the scope string plus the market and stock location ids it names. */
    private static final class Scope {
        final String text;
        final List<String> marketIds;
        final List<String> stockLocationIds;

        Scope(String text, List<String> marketIds, List<String> stockLocationIds) {
            this.text = text;
            this.marketIds = marketIds;
            this.stockLocationIds = stockLocationIds;
        }
    }

    /** Returns a {@link Scope} or an error response. */
    private Object scope(RegisteredClient client, String requested) {
        List<String> marketIds = new ArrayList<>();
        List<String> stockLocations = new ArrayList<>();
        boolean market = false;
        String text = isBlank(requested) ? "" : requested.trim().replaceAll("\\s+", " ");
        if (!text.isEmpty()) {
            for (String s : text.split(" ")) {
                if ("market:all".equals(s)) {
                    market = true;
                    addAll(marketIds, new ArrayList<>(state.markets().keySet()));
                } else if (s.startsWith("market:id:")) {
                    String id = s.substring("market:id:".length());
                    if (!state.markets().containsKey(id)) {
                        return badRequest("invalid_scope", INVALID_SCOPE);
                    }
                    market = true;
                    addAll(marketIds, Collections.singletonList(id));
                } else if (s.startsWith("market:code:")) {
                    String code = s.substring("market:code:".length());
                    String id = null;
                    for (Map.Entry<String, String> m : state.markets().entrySet()) {
                        if (m.getValue().equals(code)) {
                            id = m.getKey();
                        }
                    }
                    if (id == null) {
                        return badRequest("invalid_scope", INVALID_SCOPE);
                    }
                    market = true;
                    addAll(marketIds, Collections.singletonList(id));
                } else if (s.startsWith("stock_location:id:") || s.startsWith("stock_location:code:")) {
                    String value = s.substring(s.indexOf(':', "stock_location:".length()) + 1);
                    if (value.isEmpty()) {
                        return badRequest("invalid_scope", INVALID_SCOPE);
                    }
                    addAll(stockLocations, Collections.singletonList(value));
                } else if ((s.startsWith("store:id:") || s.startsWith("store:code:"))
                        && s.length() > s.indexOf(':', "store:".length()) + 1) {
                    continue;
                } else {
                    return badRequest("invalid_scope", INVALID_SCOPE);
                }
            }
        }
        if (!market) {
            if (client.kind() == ClientKind.CL_SALES_CHANNEL) {
                return badRequest("invalid_scope", "A sales channel needs a market in scope, e.g. market:id:{id}.");
            }
            text = text.isEmpty() ? "market:all" : text + " market:all";
            addAll(marketIds, new ArrayList<>(state.markets().keySet()));
        }
        return new Scope(text, marketIds, stockLocations);
    }

    private static void addAll(List<String> target, List<String> values) {
        for (String v : values) {
            if (!target.contains(v)) {
                target.add(v);
            }
        }
    }

    /** What a valid JWT bearer assertion asks for. */
    private static final class Asserted {
        final RegisteredUser owner;
        final Map<?, ?> customClaim;

        Asserted(RegisteredUser owner, Map<?, ?> customClaim) {
            this.owner = owner;
            this.customClaim = customClaim;
        }
    }

    /**
     * Validates a JWT bearer assertion as Commerce Layer documents it, without checking its
     * signature: a compact JWS whose header and payload are base64url JSON objects, and whose
     * {@code https://commercelayer.io/claims} is an object with an {@code owner}
     * ({@code {"type":"Customer"|"User","id":"…"}}, naming a registered customer; the emulator
     * has no users), a {@code custom_claim} object, or both. The custom claims go into the token.
     * An assertion without that claim may name a registered customer by email or id in
     * {@code sub} instead (the emulator's older convention, kept for its users' tests).
     *
     * @return what it asks for, or {@code null} when it is invalid
     */
    private Asserted asserted(String assertion) {
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        Map<String, Object> claims;
        try {
            JwtSigner.decodeJsonPart(parts[0]);
            claims = JwtSigner.decodeJsonPart(parts[1]);
        } catch (IllegalArgumentException | JsonParseException e) { // not base64url, not a JSON object
            return null;
        }
        if (!claims.containsKey(CLAIMS)) {
            Object sub = claims.get("sub");
            if (!(sub instanceof String)) {
                return null;
            }
            RegisteredUser byEmail = state.user(Dialect.COMMERCE_LAYER, (String) sub);
            RegisteredUser owner = byEmail != null ? byEmail : state.userById(Dialect.COMMERCE_LAYER, (String) sub);
            return owner == null ? null : new Asserted(owner, null);
        }
        if (!(claims.get(CLAIMS) instanceof Map)) {
            return null;
        }
        Map<?, ?> cl = (Map<?, ?>) claims.get(CLAIMS);
        Object owner = cl.get("owner");
        Object custom = cl.get("custom_claim");
        if ((owner == null && custom == null) || (custom != null && !(custom instanceof Map))) {
            return null;
        }
        if (owner == null) {
            return new Asserted(null, (Map<?, ?>) custom);
        }
        if (!(owner instanceof Map) || !(((Map<?, ?>) owner).get("id") instanceof String)) {
            return null;
        }
        Object type = ((Map<?, ?>) owner).get("type");
        if (!"Customer".equals(type)) {
            return null; // "User" is valid, but the emulator registers no users; anything else is not
        }
        RegisteredUser customer = state.userById(Dialect.COMMERCE_LAYER, (String) ((Map<?, ?>) owner).get("id"));
        return customer == null ? null : new Asserted(customer, (Map<?, ?>) custom);
    }

    private Map<String, Object> issue(RegisteredClient client, RegisteredUser customer, Scope scope,
            Map<?, ?> customClaim) {
        Instant now = state.now();
        Duration lifetime = state.settings().accessTokenLifetime(Dialect.COMMERCE_LAYER, client.kind());
        String jti = Ids.randomToken(16);
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("id", Ids.derived("organization:emulator"));
        organization.put("slug", "emulator");
        organization.put("enterprise", Boolean.FALSE);
        organization.put("region", "eu-west-1");
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("id", client.applicationId());
        application.put("kind", client.kind().commerceLayerKind());
        application.put("public", client.kind() == ClientKind.CL_SALES_CHANNEL);
        application.put("client_id", client.clientId());
        application.put("confidential", client.confidential());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("organization", organization);
        claims.put("application", application);
        if (customer != null) {
            Map<String, Object> owner = new LinkedHashMap<>();
            owner.put("id", customer.id());
            owner.put("type", "Customer");
            claims.put("owner", owner);
        }
        Map<String, Object> market = new LinkedHashMap<>();
        market.put("id", scope.marketIds);
        market.put("stock_location_ids", scope.stockLocationIds);
        market.put("geocoder_id", null);
        market.put("allows_external_prices", Boolean.FALSE);
        claims.put("market", market);
        if (customClaim != null) {
            claims.put("custom_claim", customClaim);
        }
        claims.put("scope", scope.text);
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("test", Boolean.TRUE);
        claims.put("rand", Math.random());
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", state.baseUrl() + "/commercelayer");
        claims.put("jti", jti);
        state.addAccessToken(new AccessTokenRecord(jti, Dialect.COMMERCE_LAYER, client.clientId(),
                customer == null ? null : customer.id(), scope.text, now.plus(lifetime)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", state.signer().sign(JwtSigner.RS512, claims));
        body.put("token_type", "bearer");
        body.put("expires_in", lifetime.getSeconds());
        body.put("scope", scope.text);
        body.put("created_at", now.getEpochSecond());
        if (customer != null) {
            String refresh = Ids.randomToken(32);
            state.addRefreshToken(new RefreshTokenRecord(refresh, Dialect.COMMERCE_LAYER, client.clientId(), customer,
                    scope.text, now.plus(REFRESH_LIFETIME), jti));
            body.put("refresh_token", refresh);
            body.put("owner_id", customer.id());
            body.put("owner_type", "customer");
        }
        return body;
    }

    private Response invalidClient() {
        return clError(401, "UNAUTHORIZED", "invalid_client", INVALID_CLIENT);
    }

    private Response invalidGrant() {
        return clError(401, "UNAUTHORIZED", "invalid_grant", INVALID_GRANT);
    }

    private Response badRequest(String title, String detail) {
        return clError(400, "BAD_REQUEST", title, detail);
    }

    @Override
    Response error(int status, String message) {
        return clError(status, HttpStatus.code(status), HttpStatus.reason(status), message);
    }

    @Override
    Response injectedFailure(int status) {
        Response response = super.injectedFailure(status);
        if (status == 429) {
            rateLimitHeaders(response, 0).header("Retry-After", "1");
        }
        return response;
    }

    private static Response clError(int status, String code, String title, String detail) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("title", title);
        error.put("status", status);
        error.put("detail", detail);
        error.put("meta", Collections.emptyMap());
        return Response.json(status, Collections.singletonMap("errors", Collections.singletonList(error)));
    }

    private static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }
}
