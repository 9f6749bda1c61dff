package dev.commerceauth.emulator.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.commerceauth.emulator.Dialect;
import dev.commerceauth.emulator.RecordedTokenRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The shared request pipeline of the three dialects: read the request, inject faults into token
 * and revocation requests, route, record (without secrets) and send.
 */
abstract class DialectHandler implements HttpHandler {

    /** What a malformed-body fault sends: a token response cut short. */
    static final String TRUNCATED_JSON = "{\"access_token\":\"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJz";

    /** The shared state. */
    final EmulatorState state;
    private final Dialect dialect;
    private final String prefix;

    /**
     * Creates the handler.
     *
     * @param state the shared state
     * @param dialect the dialect it serves
     * @param prefix its path prefix, e.g. {@code /shopware}
     */
    DialectHandler(EmulatorState state, Dialect dialect, String prefix) {
        this.state = state;
        this.dialect = dialect;
        this.prefix = prefix;
    }

    /** @return the path prefix this dialect is served under */
    final String prefix() {
        return prefix;
    }

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try {
            Request request = Request.read(exchange);
            String path = request.path().substring(Math.min(prefix.length(), request.path().length()));
            Response response;
            if (request.tooLarge()) {
                response = error(413, "Payload Too Large");
            } else if ("POST".equals(request.method()) && isTokenOrRevocation(path)) {
                Instant arrived = state.now();
                describe(request, path);
                sleep(state.faults().delayAll());
                FaultPlan.Fault fault = state.faults().poll();
                if (fault == null) {
                    response = route(request, path);
                } else if (fault.kind() == FaultPlan.Kind.DROP) {
                    record(arrived, request, 0);
                    return; // closing the exchange without a response closes the connection
                } else if (fault.kind() == FaultPlan.Kind.DELAY) {
                    sleep(fault.delay());
                    response = route(request, path);
                } else if (fault.kind() == FaultPlan.Kind.MALFORMED) {
                    response = Response.raw(200, Response.JSON, TRUNCATED_JSON);
                } else {
                    response = injectedFailure(fault.status());
                }
                record(arrived, request, response.status());
            } else {
                response = route(request, path);
            }
            send(exchange, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                send(exchange, error(500, "Internal Server Error"));
            } catch (IOException | RuntimeException ignored) {
                // the response may have been started; the connection is closed below
            }
        } finally {
            exchange.close();
        }
    }

    private void record(Instant arrived, Request request, int status) {
        state.record(RecordedTokenRequest.of(arrived, dialect, request.method(), request.path(),
                request.logGrantType(), request.logClientId(), status).withBackendHeaders(request.logBackendAuthSent(),
                request.logBackendAuthAccepted(), request.logTrueClientIp()));
    }

    private static void sleep(Duration delay) throws InterruptedException {
        if (delay != null && !delay.isZero() && !delay.isNegative()) {
            Thread.sleep(delay.toMillis());
        }
    }

    /**
     * Sends a response and closes the body.
     *
     * @param exchange the exchange
     * @param response the response
     * @throws IOException if writing fails
     */
    static void send(HttpExchange exchange, Response response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            headers.set(h.getKey(), h.getValue());
        }
        byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        if (response.contentType() != null) {
            headers.set("Content-Type", response.contentType());
        }
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Whether a POST to this dialect-relative path is a token or revocation request (faults apply,
     * the request is logged).
     *
     * @param path the path below the prefix
     * @return whether it is
     */
    abstract boolean isTokenOrRevocation(String path);

    /**
     * Reads grant type and client id for the log, never failing.
     *
     * @param request the request
     * @param path the path below the prefix
     */
    abstract void describe(Request request, String path);

    /**
     * Answers a request.
     *
     * @param request the request
     * @param path the path below the prefix
     * @return the response
     */
    abstract Response route(Request request, String path);

    /**
     * A generic error in the dialect's format.
     *
     * @param status the status
     * @param message a short message
     * @return the response
     */
    abstract Response error(int status, String message);

    /**
     * The response of an injected {@code failNext} fault, in the dialect's format.
     *
     * @param status the status
     * @return the response
     */
    Response injectedFailure(int status) {
        return error(status, "Injected fault: " + HttpStatus.reason(status));
    }
}
