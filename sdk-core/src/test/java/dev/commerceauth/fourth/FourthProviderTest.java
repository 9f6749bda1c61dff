package dev.commerceauth.fourth;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a fourth provider's builder, in a package of its own, extends
 * {@code TokenClientBuilder} like any subclass and builds a working client, and its own error
 * dialect maps its errors without any shared table knowing it.
 */
class FourthProviderTest {

    private static final String ACCESS = "fourth-access-token-0123456789";
    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("fourth-client").clientSecret("fourth-secret-value").build();

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private FourthAuth.Builder builder() {
        return FourthAuth.builder().baseUrl(server.url("/").toString()).clock(fixedClock());
    }

    @Test
    void aFourthProviderBuilderExtendsTheSharedBuilderAndBuildsAWorkingClient() throws Exception {
        AtomicInteger appInterceptorRuns = new AtomicInteger();
        OkHttpClient appClient = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    appInterceptorRuns.incrementAndGet();
                    return chain.proceed(chain.request().newBuilder().header("Authorization", "Bearer app").build());
                })
                .build();
        FourthAuth auth = builder().okHttpClient(appClient).callTimeout(Duration.ofSeconds(7))
                .connectTimeout(Duration.ofSeconds(3)).build();
        server.enqueue(json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\",\"expires_in\":600}"));

        AccessToken token = auth.requestToken(GRANT);

        assertEquals(ACCESS, token.value());
        assertEquals(NOW.plusSeconds(600), token.expiresAt());
        RecordedRequest r = server.takeRequest();
        assertEquals("POST", r.getMethod());
        assertEquals("/oauth/token", r.getPath());
        assertEquals("grant_type=client_credentials&client_id=fourth-client&client_secret=fourth-secret-value",
                r.getBody().readUtf8());
        // the shared settings reach the subclass through the hardened client: the app's interceptor
        // never runs on a token request, the timeouts apply, the app's connection pool is shared
        assertEquals(0, appInterceptorRuns.get());
        assertNull(r.getHeader("Authorization"));
        OkHttpClient used = auth.httpClient();
        assertEquals(7000, used.callTimeoutMillis());
        assertEquals(3000, used.connectTimeoutMillis());
        assertFalse(used.followRedirects());
        assertEquals(appClient.connectionPool(), used.connectionPool());
        assertEquals(fixedClock(), auth.clock());
    }

    @Test
    void theSharedPlainHttpRuleReachesTheSubclass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FourthAuth.builder().baseUrl("http://fourth.example.com").build());
        assertTrue(e.getMessage().contains("http"), e.getMessage());
        FourthAuth.builder().baseUrl("http://fourth.example.com").allowInsecureHttp(true).build();
    }

    @Test
    void itsOwnDialectMapsItsErrorCodes() {
        FourthAuth auth = builder().build();
        server.enqueue(json(401, "{\"errors\":[{\"code\":\"AUTH-401\",\"title\":\"Bad key\",\"status\":401}]}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(GRANT));
        assertEquals("invalid_client", e.error());
        assertEquals(Optional.of("AUTH-401"), e.providerCode());
        assertTrue(e.getMessage().startsWith("Fourth rejected the client credentials"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Check the fourth provider's API key."), e.getMessage());

        server.enqueue(json(429, "{\"errors\":[{\"code\":\"SLOW-429\"}]}").setHeader("X-Fourth-Wait", "12"));
        RateLimitedException slow = assertThrows(RateLimitedException.class, () -> auth.requestToken(GRANT));
        assertEquals("too_many_requests", slow.error());
        assertEquals(Optional.of(Duration.ofSeconds(12)), slow.retryAfter());
    }

    @Test
    void anotherProvidersCodesMeanNothingToIt() {
        FourthAuth auth = builder().build();
        // Shopware's "4" is invalid_client and Commerce Layer's X-Ratelimit-* is a wait, but only in their dialects
        server.enqueue(json(401, "{\"errors\":[{\"code\":\"4\",\"status\":\"401\"}]}"));
        assertEquals("invalid_request", assertThrows(OAuthErrorException.class, () -> auth.requestToken(GRANT)).error());
        server.enqueue(json(429, "{\"errors\":[{\"code\":\"TOO_MANY_REQUESTS\",\"status\":429}]}")
                .setHeader("X-Ratelimit-Remaining", "0").setHeader("X-Ratelimit-Interval", "60"));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> auth.requestToken(GRANT));
        assertEquals(Optional.empty(), e.retryAfter());
        // the shared rules still apply: an OAuth-shaped code or title, and Retry-After
        server.enqueue(json(400, "{\"errors\":[{\"code\":\"X\",\"title\":\"invalid_scope\"}]}"));
        assertEquals("invalid_scope", assertThrows(OAuthErrorException.class, () -> auth.requestToken(GRANT)).error());
        server.enqueue(json(429, "{\"error\":\"slow_down\"}").setHeader("Retry-After", "5"));
        assertEquals(Optional.of(Duration.ofSeconds(5)),
                assertThrows(RateLimitedException.class, () -> auth.requestToken(GRANT)).retryAfter());
    }
}
