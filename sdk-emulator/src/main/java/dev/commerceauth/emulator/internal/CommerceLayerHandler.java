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
        RateLimiter.Decision decision = limiter.acquire(request.remoteIp(), state.now());
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
            return Response.json(200, issue(client, null, granted));
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
            customer = assertedCustomer(assertion);
            if (customer == null) {
                return invalidGrant();
            }
        }
        return Response.json(200, issue(client, customer, granted));
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
        return Response.json(200, issue(client, record.user(), (Scope) scope));
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

    /**
     * The customer a JWT bearer assertion names. The signature is not checked; the payload must be a
     * JSON object whose {@code sub} is a registered customer's email or id, or whose
     * {@code https://commercelayer.io/claims} claim holds {@code owner.id} of one.
     */
    private RegisteredUser assertedCustomer(String assertion) {
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        Map<String, Object> claims;
        try {
            claims = JwtSigner.decodeJsonPart(parts[1]);
        } catch (IllegalArgumentException | JsonParseException e) { // not base64url, not a JSON object
            return null;
        }
        Object sub = claims.get("sub");
        if (sub instanceof String) {
            RegisteredUser byEmail = state.user(Dialect.COMMERCE_LAYER, (String) sub);
            if (byEmail != null) {
                return byEmail;
            }
            RegisteredUser byId = state.userById(Dialect.COMMERCE_LAYER, (String) sub);
            if (byId != null) {
                return byId;
            }
        }
        Object cl = claims.get("https://commercelayer.io/claims");
        if (cl instanceof Map && ((Map<?, ?>) cl).get("owner") instanceof Map) {
            Object id = ((Map<?, ?>) ((Map<?, ?>) cl).get("owner")).get("id");
            if (id instanceof String) {
                return state.userById(Dialect.COMMERCE_LAYER, (String) id);
            }
        }
        return null;
    }

    private Map<String, Object> issue(RegisteredClient client, RegisteredUser customer, Scope scope) {
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
