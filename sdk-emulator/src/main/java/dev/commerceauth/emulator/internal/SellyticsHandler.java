package dev.commerceauth.emulator.internal;

import dev.commerceauth.emulator.Dialect;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sellytics DATA API's Keycloak: {@code /sellytics/realms/{realm}/protocol/openid-connect/token},
 * {@code .../revoke} and {@code .../certs}. Form bodies only; errors are
 * {@code {"error":..,"error_description":..}}; every response carries {@code Cache-Control: no-store}
 * and {@code Pragma: no-cache}.
 */
final class SellyticsHandler extends DialectHandler {

    /** The only realm. */
    static final String REALM = "sellytics";

    private static final Pattern ENDPOINT =
            Pattern.compile("/realms/([^/]+)/protocol/openid-connect/(token|revoke|certs)");
    private static final Pattern REALM_PATH = Pattern.compile("/realms/([^/]+)(/.*)?");
    private static final Set<String> KNOWN_SCOPES =
            Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("sellytics-data-api", "profile", "email", "openid")));
    private static final List<String> DEFAULT_SCOPES = Arrays.asList("profile", "email");
    private static final String INVALID_CLIENT = "Invalid client or Invalid client credentials";

    /**
     * Creates the handler.
     *
     * @param state the shared state
     */
    SellyticsHandler(EmulatorState state) {
        super(state, Dialect.SELLYTICS, "/sellytics");
    }

    @Override
    boolean isTokenOrRevocation(String path) {
        Matcher m = ENDPOINT.matcher(path);
        return m.matches() && !"certs".equals(m.group(2));
    }

    @Override
    void describe(Request request, String path) {
        Map<String, String> form = request.isForm() ? request.form() : Collections.<String, String>emptyMap();
        String[] basic = request.basicCredentials();
        request.describe(path.endsWith("/token") ? form.get("grant_type") : null,
                basic != null ? basic[0] : form.get("client_id"));
    }

    @Override
    Response route(Request request, String path) {
        Matcher realm = REALM_PATH.matcher(path);
        if (realm.matches() && !REALM.equals(realm.group(1))) {
            return keycloak(Response.json(404, Collections.singletonMap("error", "Realm does not exist")));
        }
        Matcher m = ENDPOINT.matcher(path);
        if (!m.matches()) {
            return error(404, "Unable to find matching target resource method");
        }
        String endpoint = m.group(2);
        if ("certs".equals(endpoint)) {
            if (!"GET".equals(request.method())) {
                return methodNotAllowed("GET");
            }
            return keycloak(Response.json(200, Collections.singletonMap("keys",
                    Collections.singletonList(state.signer().jwk(JwtSigner.RS256)))));
        }
        if (!"POST".equals(request.method())) {
            return methodNotAllowed("POST");
        }
        Map<String, String> form = request.isForm() ? request.form() : Collections.<String, String>emptyMap();
        return "token".equals(endpoint) ? token(request, form) : revoke(request, form);
    }

    private Response token(Request request, Map<String, String> form) {
        String grantType = form.get("grant_type");
        if (isBlank(grantType)) {
            return oauthError(400, "invalid_request", "Missing form parameter: grant_type");
        }
        if (!"client_credentials".equals(grantType) && !"refresh_token".equals(grantType) && !"password".equals(grantType)) {
            return oauthError(400, "unsupported_grant_type", "Unsupported grant_type");
        }
        Object client = authenticate(request, form);
        if (client instanceof Response) {
            return (Response) client;
        }
        RegisteredClient registered = (RegisteredClient) client;
        if ("refresh_token".equals(grantType)) {
            if (isBlank(form.get("refresh_token"))) {
                return oauthError(400, "invalid_request", "Missing parameter: refresh_token");
            }
            return oauthError(400, "invalid_grant", "Invalid refresh token");
        }
        if ("password".equals(grantType)) {
            return oauthError(400, "unauthorized_client", "Client not allowed for direct access grants");
        }
        String requested = form.get("scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (!isBlank(requested)) {
            for (String s : requested.trim().split("\\s+")) {
                if (!KNOWN_SCOPES.contains(s)) {
                    return oauthError(400, "invalid_scope", "Invalid scopes: " + requested);
                }
                scopes.add(s);
            }
        }
        scopes.addAll(DEFAULT_SCOPES);
        String scope = String.join(" ", scopes);
        return keycloak(Response.json(200, issue(request, registered, scope)));
    }

    private Map<String, Object> issue(Request request, RegisteredClient client, String scope) {
        Instant now = state.now();
        Duration lifetime = state.settings().accessTokenLifetime(Dialect.SELLYTICS, client.kind());
        long iat = now.getEpochSecond();
        long exp = now.plus(lifetime).getEpochSecond();
        String issuer = state.baseUrl() + "/sellytics/realms/" + REALM;
        String subject = uuid(Ids.derivedHex("service-account:" + client.clientId()));
        String jti = uuid(Ids.randomHex(16));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("exp", exp);
        claims.put("iat", iat);
        claims.put("jti", jti);
        claims.put("iss", issuer);
        claims.put("aud", "account");
        claims.put("sub", subject);
        claims.put("typ", "Bearer");
        claims.put("azp", client.clientId());
        claims.put("acr", "1");
        claims.put("scope", scope);
        claims.put("clientId", client.clientId());
        claims.put("clientHost", request.remoteIp());
        claims.put("email_verified", Boolean.FALSE);
        claims.put("preferred_username", "service-account-" + client.clientId());
        state.addAccessToken(new AccessTokenRecord(jti, Dialect.SELLYTICS, client.clientId(), subject, scope, now.plus(lifetime)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", state.signer().sign(JwtSigner.RS256, claims));
        body.put("expires_in", lifetime.getSeconds());
        body.put("refresh_expires_in", 0L);
        body.put("token_type", "Bearer");
        if (scope.contains("openid")) {
            Map<String, Object> id = new LinkedHashMap<>();
            id.put("exp", exp);
            id.put("iat", iat);
            id.put("jti", uuid(Ids.randomHex(16)));
            id.put("iss", issuer);
            id.put("aud", client.clientId());
            id.put("sub", subject);
            id.put("typ", "ID");
            id.put("azp", client.clientId());
            body.put("id_token", state.signer().sign(JwtSigner.RS256, id));
        }
        body.put("not-before-policy", 0L);
        body.put("scope", scope);
        return body;
    }

    private Response revoke(Request request, Map<String, String> form) {
        Object client = authenticate(request, form);
        if (client instanceof Response) {
            return (Response) client;
        }
        RegisteredClient registered = (RegisteredClient) client;
        String token = form.get("token");
        if (isBlank(token)) {
            return oauthError(400, "invalid_request", "Token not provided");
        }
        AccessTokenRecord record = state.accessTokenOf(token);
        if (record == null || record.dialect() != Dialect.SELLYTICS) {
            return keycloak(Response.json(200, Collections.singletonMap("error", "invalid_token")));
        }
        if (!record.clientId().equals(registered.clientId())) {
            return oauthError(400, "unauthorized_client", "Unmatching clients");
        }
        record.revoke();
        return keycloak(Response.empty(200));
    }

    /** Returns the client, or an error response. */
    private Object authenticate(Request request, Map<String, String> form) {
        String[] basic = request.basicCredentials();
        String clientId = basic != null ? basic[0] : form.get("client_id");
        String secret = basic != null ? basic[1] : form.get("client_secret");
        if (isBlank(clientId)) {
            return oauthError(400, "invalid_client", "Missing client_id parameter");
        }
        RegisteredClient client = state.client(Dialect.SELLYTICS, clientId);
        if (client == null) {
            return oauthError(401, "invalid_client", INVALID_CLIENT);
        }
        if (!client.secretMatches(secret)) {
            return oauthError(401, "unauthorized_client", INVALID_CLIENT);
        }
        return client;
    }

    private Response methodNotAllowed(String allowed) {
        return error(405, "HTTP 405 Method Not Allowed").header("Allow", allowed);
    }

    @Override
    Response error(int status, String message) {
        return keycloak(Response.json(status, Collections.singletonMap("error", message)));
    }

    @Override
    Response injectedFailure(int status) {
        String error;
        if (status == 400) {
            error = "invalid_request";
        } else if (status == 401) {
            error = "invalid_client";
        } else if (status == 403) {
            error = "access_denied";
        } else if (status >= 500) {
            error = "server_error";
        } else {
            error = "temporarily_unavailable";
        }
        return oauthError(status, error, "Injected fault: " + HttpStatus.reason(status));
    }

    private Response oauthError(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return keycloak(Response.json(status, body));
    }

    private static Response keycloak(Response response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }

    private static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }

    private static String uuid(String hex32) {
        return hex32.substring(0, 8) + "-" + hex32.substring(8, 12) + "-" + hex32.substring(12, 16) + "-"
                + hex32.substring(16, 20) + "-" + hex32.substring(20, 32);
    }
}
