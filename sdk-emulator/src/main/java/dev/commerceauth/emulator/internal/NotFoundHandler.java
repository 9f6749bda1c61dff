package dev.commerceauth.emulator.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers every path no dialect serves with a 404 that lists the emulator's endpoints.
 */
final class NotFoundHandler implements HttpHandler {

    private final EmulatorState state;

    /**
     * Creates the handler.
     *
     * @param state the shared state
     */
    NotFoundHandler(EmulatorState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Request.read(exchange);
            String base = state.baseUrl();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "not_found");
            body.put("sellytics_token_url", base + "/sellytics/realms/" + SellyticsHandler.REALM
                    + "/protocol/openid-connect/token");
            body.put("shopware_token_url", base + "/shopware" + ShopwareHandler.TOKEN_PATH);
            body.put("commercelayer_token_url", base + "/commercelayer/oauth/token");
            body.put("protected_resource_url", base + EchoHandler.PATH);
            DialectHandler.send(exchange, Response.json(404, body));
        } finally {
            exchange.close();
        }
    }
}
