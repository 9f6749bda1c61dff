package dev.commerceauth.shopware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Review finding B: token clients built without {@code okHttpClient(...)} share one connection
 * pool (one cleanup thread) and one dispatcher, so one {@code ShopwareAuth} per shop does not cost
 * one OkHttp thread per shop.
 */
class ShopwareAuthSharedConnectionPoolTest {

    private static final int SHOPS = 50;

    /** OkHttp's own threads (connection pool cleanup, dispatcher); MockWebServer's are not counted. */
    static long okHttpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("OkHttp") && !t.getName().contains("MockWebServer"))
                .count();
    }

    @Test
    void fiftyShopClientsWithoutAClientShareOnePoolThread() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setHeader("Content-Type", "application/json")
                            .setBody("{\"token_type\":\"Bearer\",\"expires_in\":600,\"access_token\":\"at-0123456789abcdef\"}");
                }
            });
            server.start();
            long before = okHttpThreads();
            ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
                    .clientId("SWIAabc").clientSecret("secret-x").build();
            for (int i = 0; i < SHOPS; i++) { // one ShopwareAuth per shop, as a multi-tenant app builds them
                ShopwareAuth auth = ShopwareAuth.builder().shopUrl(server.url("/shop-" + i + "/").toString()).build();
                assertEquals("at-0123456789abcdef", auth.requestToken(grant).value());
            }
            assertEquals(SHOPS, server.getRequestCount());
            long added = okHttpThreads() - before;
            assertTrue(added <= 3, "OkHttp threads added by " + SHOPS + " clients: " + added);
        }
    }
}
