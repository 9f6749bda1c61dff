package dev.commerceauth.emulator.internal;

import com.google.gson.JsonParseException;
import dev.commerceauth.emulator.Dialect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shopware 6's Admin API token endpoint {@code /shopware/api/oauth/token}: JSON (form also parsed),
 * client_credentials, password and refresh_token with rotation, errors as
 * {@code {"errors":[{"code":"..","status":"..",..}]}} and the login throttle.
 */
final class ShopwareHandler extends DialectHandler {

    /** The token path below the prefix. */
    static final String TOKEN_PATH = "/api/oauth/token";
    /** Refresh tokens live one week. */
    static final Duration REFRESH_LIFETIME = Duration.ofDays(7);

    private static final Set<String> KNOWN_SCOPES =
            Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("write", "admin", "user-verified")));
    private static final String INVALID_REQUEST = "The request is missing a required parameter, includes an invalid "
            + "parameter value, includes a parameter more than once, or is otherwise malformed.";

    /**
     * Creates the handler.
     *
     * @param state the shared state
     */
    ShopwareHandler(EmulatorState state) {
        super(state, Dialect.SHOPWARE, "/shopware");
    }

    @Override
    boolean isTokenOrRevocation(String path) {
        return TOKEN_PATH.equals(path);
    }

    @Override
    void describe(Request request, String path) {
        Map<String, String> params = paramsOrNull(request);
        if (params != null) {
            request.describe(params.get("grant_type"), params.get("client_id"));
        }
    }

    private static Map<String, String> paramsOrNull(Request request) {
        if (request.isForm()) {
            return request.form();
        }
        if (request.body().trim().isEmpty()) {
            return Collections.emptyMap();
        }
        try {
            return request.jsonObject();
        } catch (JsonParseException e) {
            return null;
        }
    }

    @Override
    Response route(Request request, String path) {
        if (!TOKEN_PATH.equals(path)) {
            return error(404, "No route found for \"" + request.method() + " " + path + "\"");
        }
        if (!"POST".equals(request.method())) {
            return error(405, "No route found for \"" + request.method() + " " + path
                    + "\": Method Not Allowed (Allow: POST)").header("Allow", "POST");
        }
        Map<String, String> params = paramsOrNull(request);
        if (params == null) {
            return shopwareError(400, "0", "Bad Request", "The JSON payload is malformed.");
        }
        String grantType = params.get("grant_type");
        if ("client_credentials".equals(grantType)) {
            return clientCredentials(params);
        }
        if ("password".equals(grantType)) {
            String key = nullToEmpty(params.get("username")) + "|" + request.remoteIp();
            Instant now = state.now();
            long locked = state.loginThrottle().secondsLocked(key, now);
            if (locked > 0) {
                return throttled(locked);
            }
            Response response = password(params);
            if (response.status() == 200) {
                state.loginThrottle().reset(key);
            } else {
                state.loginThrottle().recordFailure(key, now);
            }
            return response;
        }
        if ("refresh_token".equals(grantType)) {
            return refresh(params);
        }
        return shopwareError(400, "2", "The authorization grant type is not supported by the authorization server.",
                "Check that all required parameters have been provided");
    }

    private Response clientCredentials(Map<String, String> params) {
        String clientId = params.get("client_id");
        if (isBlank(clientId)) {
            return missing("client_id");
        }
        String secret = params.get("client_secret");
        if (secret == null) {
            return clientAuthFailed();
        }
        if (!clientId.startsWith("SWIA") && !clientId.startsWith("SWUA")) {
            return shopwareError(500, "FRAMEWORK__API_INVALID_ACCESS_KEY", "Internal Server Error",
                    "Access key is invalid and could not be identified.");
        }
        RegisteredClient client = state.client(Dialect.SHOPWARE, clientId);
        if (client == null || !client.secretMatches(secret)) {
            return clientAuthFailed();
        }
        Object scopes = scopes(params);
        if (scopes instanceof Response) {
            return (Response) scopes;
        }
        @SuppressWarnings("unchecked")
        List<String> granted = (List<String>) scopes;
        return Response.json(200, issue(client.clientId(), null, granted, false)).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    private Response password(Map<String, String> params) {
        String clientId = params.get("client_id");
        if (isBlank(clientId)) {
            return missing("client_id");
        }
        if (!"administration".equals(clientId)) {
            return clientAuthFailed();
        }
        Object scopes = scopes(params);
        if (scopes instanceof Response) {
            return (Response) scopes;
        }
        String username = params.get("username");
        if (isBlank(username)) {
            return missing("username");
        }
        String password = params.get("password");
        if (isBlank(password)) {
            return missing("password");
        }
        RegisteredUser user = state.user(Dialect.SHOPWARE, username);
        if (user == null || !user.passwordMatches(password)) {
            return shopwareError(400, "6", "The user credentials were incorrect.", null);
        }
        @SuppressWarnings("unchecked")
        List<String> granted = (List<String>) scopes;
        return Response.json(200, issue("administration", user, granted, true)).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    private Response refresh(Map<String, String> params) {
        String clientId = params.get("client_id");
        if (isBlank(clientId)) {
            return missing("client_id");
        }
        if (!"administration".equals(clientId)) {
            return clientAuthFailed();
        }
        String token = params.get("refresh_token");
        if (isBlank(token)) {
            return missing("refresh_token");
        }
        RefreshTokenRecord record = state.refreshToken(token);
        if (record == null || record.dialect() != Dialect.SHOPWARE) {
            return invalidRefreshToken("Cannot decrypt the refresh token");
        }
        if (!state.now().isBefore(record.expiresAt())) {
            return invalidRefreshToken("Token has expired");
        }
        // rotation: the used refresh token and its access token are revoked; of concurrent uses of
        // one refresh token exactly one wins, the others find it revoked
        if (!record.revoke()) {
            return invalidRefreshToken("Token has been revoked");
        }
        AccessTokenRecord old = state.accessToken(record.accessTokenJti());
        if (old != null) {
            old.revoke();
        }
        List<String> scopes = record.scope().isEmpty()
                ? Collections.<String>emptyList() : Arrays.asList(record.scope().split(" "));
        return Response.json(200, issue("administration", record.user(), scopes, true)).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    /** Returns the granted scopes as a list, or an error response. */
    private Object scopes(Map<String, String> params) {
        String requested = params.containsKey("scopes") ? params.get("scopes") : params.get("scope");
        List<String> scopes = new ArrayList<>();
        if (isBlank(requested)) {
            scopes.add("write");
            return scopes;
        }
        for (String s : requested.trim().split("[\\s,]+")) {
            if (!KNOWN_SCOPES.contains(s)) {
                return shopwareError(400, "5", "The requested scope is invalid, unknown, or malformed",
                        "Check the `" + s + "` scope");
            }
            if (!scopes.contains(s)) {
                scopes.add(s);
            }
        }
        return scopes;
    }

    private Map<String, Object> issue(String clientId, RegisteredUser user, List<String> scopes, boolean withRefresh) {
        Instant now = state.now();
        Duration lifetime = state.settings().accessTokenLifetime(Dialect.SHOPWARE, ClientKind.SHOPWARE_INTEGRATION);
        String jti = Ids.randomHex(40);
        String subject = user == null ? "" : user.id();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", clientId);
        claims.put("jti", jti);
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("sub", subject);
        claims.put("scopes", scopes);
        String scope = String.join(" ", scopes);
        state.addAccessToken(new AccessTokenRecord(jti, Dialect.SHOPWARE, clientId, user == null ? null : user.id(),
                scope, now.plus(lifetime)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime.getSeconds());
        body.put("access_token", state.signer().sign(JwtSigner.RS256, claims));
        if (withRefresh) {
            String refresh = "def50200" + Ids.randomHex(128);
            state.addRefreshToken(new RefreshTokenRecord(refresh, Dialect.SHOPWARE, clientId, user, scope,
                    now.plus(REFRESH_LIFETIME), jti));
            body.put("refresh_token", refresh);
        }
        return body;
    }

    private Response throttled(long seconds) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "429");
        error.put("code", "FRAMEWORK__AUTH_THROTTLED");
        error.put("title", "Too Many Requests");
        error.put("detail", "Auth throttled for " + seconds + " seconds.");
        error.put("meta", Collections.singletonMap("parameters", Collections.singletonMap("seconds", seconds)));
        return Response.json(429, Collections.singletonMap("errors", Collections.singletonList(error)));
    }

    private Response missing(String parameter) {
        return shopwareError(400, "3", INVALID_REQUEST, "Check the `" + parameter + "` parameter");
    }

    private Response clientAuthFailed() {
        return shopwareError(401, "4", "Client authentication failed", null);
    }

    private Response invalidRefreshToken(String detail) {
        return shopwareError(401, "8", "The refresh token is invalid.", detail);
    }

    @Override
    Response error(int status, String message) {
        return shopwareError(status, "0", HttpStatus.reason(status), message);
    }

    @Override
    Response injectedFailure(int status) {
        if (status == 429) {
            return throttled(1);
        }
        return super.injectedFailure(status);
    }

    private static Response shopwareError(int status, String code, String title, String detail) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("status", String.valueOf(status));
        error.put("title", title);
        error.put("detail", detail);
        return Response.json(status, Collections.singletonMap("errors", Collections.singletonList(error)));
    }

    private static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
