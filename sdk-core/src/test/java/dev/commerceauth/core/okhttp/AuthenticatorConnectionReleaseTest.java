package dev.commerceauth.core.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.core.TransportException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * When the provider fails inside {@code authenticate()}, the 401 response is closed so its
 * connection returns to the pool (review finding: OkHttp 3.14.9 never closed it, leaking the
 * connection).
 */
class AuthenticatorConnectionReleaseTest {

    private static AccessToken bearer(String value) {
        return AccessToken.builder().value(value).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(600))
                .build();
    }

    /** A provider whose first call succeeds and whose later calls fail (the token endpoint went down). */
    private static TokenProvider failingOnSecondCall() {
        AtomicInteger calls = new AtomicInteger();
        return new TokenProvider() {
            @Override
            public AccessToken token() {
                if (calls.incrementAndGet() == 1) {
                    return bearer("t1-0123456789abcdef");
                }
                throw new TransportException("token endpoint down", null, false);
            }

            @Override
            public void invalidate(AccessToken rejected) {
            }

            @Override
            public void close() {
            }
        };
    }

    private static void awaitIdle(OkHttpClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (client.connectionPool().idleConnectionCount() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, client.connectionPool().connectionCount());
        assertEquals(1, client.connectionPool().idleConnectionCount(), "the connection went back to the pool");
    }

    @Test
    void aProviderFailingInsideAuthenticateReleasesThe401sConnection() throws Exception {
        try (MockWebServer api = new MockWebServer()) {
            api.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"invalid_token\"}"));
            api.start();
            OkHttpClient client = BearerAuth.install(new OkHttpClient.Builder(), failingOnSecondCall()).build();
            BearerTokenUnavailableException e = assertThrows(BearerTokenUnavailableException.class,
                    () -> client.newCall(new Request.Builder().url(api.url("/x")).build()).execute());
            assertInstanceOf(TransportException.class, e.getCause());
            awaitIdle(client);
        }
    }
}
