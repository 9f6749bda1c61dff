package dev.commerceauth.emulator.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The protected resource {@code /api/echo}: answers 200 with what it knows about the bearer token
 * when the token was issued by this emulator, its signature verifies, it has not expired per the
 * emulator's clock and was not revoked; 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}
 * otherwise.
 */
final class EchoHandler implements HttpHandler {

    /** The path. */
    static final String PATH = "/api/echo";

    private final EmulatorState state;

    /**
     * Creates the handler.
     *
     * @param state the shared state
     */
    EchoHandler(EmulatorState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Request request = Request.read(exchange);
            state.protectedResourceRequests().incrementAndGet();
            DialectHandler.send(exchange, answer(request));
        } catch (RuntimeException e) {
            try {
                DialectHandler.send(exchange, Response.json(500, Collections.singletonMap("error", "server_error")));
            } catch (IOException | RuntimeException ignored) {
                // the connection is closed below
            }
        } finally {
            exchange.close();
        }
    }

    private Response answer(Request request) {
        String authorization = request.authorization();
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized("Bearer token required");
        }
        String token = authorization.substring(7).trim();
        AccessTokenRecord record = state.accessTokenOf(token);
        if (record == null) {
            return unauthorized("Token not issued by this emulator or signature invalid");
        }
        if (record.revoked()) {
            return unauthorized("Token revoked");
        }
        if (!state.now().isBefore(record.expiresAt())) {
            return unauthorized("Token expired");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authenticated", Boolean.TRUE);
        body.put("dialect", record.dialect().name());
        body.put("client_id", record.clientId());
        body.put("subject", record.subject());
        body.put("scope", record.scope());
        body.put("expires_at", record.expiresAt().getEpochSecond());
        body.put("method", request.method());
        body.put("path", request.path());
        return Response.json(200, body);
    }

    private static Response unauthorized(String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_token");
        body.put("error_description", description);
        return Response.json(401, body)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
    }
}
