package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.OAuthErrorException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs against the real sellytics (Keycloak, form-encoded) client. */
class SingleFlightTest extends CacheTestSupport {

    @Override
    dev.commerceauth.core.TokenClient newClient() {
        return dev.commerceauth.sellytics.SellyticsAuth.builder().tokenUrl(server.keycloakUrl()).clock(clock).build();
    }

    private static final int THREADS = 200;

    /** All callers are parked: wait for the one request to reach the server, then answer it. */
    private void releaseWhenTheRequestArrived() {
        try {
            await("the shared request", 10, () -> server.requests.get() >= 1);
            Thread.sleep(20);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        server.hold.countDown();
    }

    @Test
    void twoHundredCallersOnAnEmptyProviderShareOneRequest() throws Exception {
        server.hold = new CountDownLatch(1);
        try (CachingTokenProvider tokens = sharedProvider(CLIENT_CREDENTIALS).build()) {
            List<Object> outcomes = concurrently(THREADS, tokens::token, this::releaseWhenTheRequestArrived);
            assertEquals(1, server.requests.get());
            Set<String> values = outcomes.stream().map(o -> ((AccessToken) o).value()).collect(Collectors.toSet());
            assertEquals(Set.of("at-1"), values);
        }
    }

    @Test
    void twoHundredCallersOnAnExpiredTokenShareOneRequest() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = sharedProvider(CLIENT_CREDENTIALS).build()) {
            assertEquals("at-1", tokens.token().value());
            clock.advanceSeconds(600 - 10); // inside the 30 s hard margin
            server.hold = new CountDownLatch(1);
            List<Object> outcomes = concurrently(THREADS, tokens::token, this::releaseWhenTheRequestArrived);
            assertEquals(2, server.requests.get());
            for (Object o : outcomes) {
                assertEquals("at-2", ((AccessToken) o).value());
            }
        }
    }

    @Test
    void twoHundredCallersAllGetTheSameExceptionFromOneFailedRequest() throws Exception {
        server.failWith(503, "temporarily_unavailable");
        server.hold = new CountDownLatch(1);
        try (CachingTokenProvider tokens = sharedProvider(CLIENT_CREDENTIALS).build()) {
            List<Object> outcomes = concurrently(THREADS, tokens::token, this::releaseWhenTheRequestArrived);
            assertEquals(1, server.requests.get());
            // every caller gets the one request's exception, each as an exception of its own whose cause is that
            // one failure (issue 13 item 9)
            Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<Object> causes = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Object o : outcomes) {
                distinct.add(o);
                causes.add(assertInstanceOf(OAuthErrorException.class, o).getCause());
            }
            assertEquals(THREADS, distinct.size(), "each caller gets an exception of its own");
            assertEquals(1, causes.size(), "every caller gets the one request's exception");
            OAuthErrorException e = assertInstanceOf(OAuthErrorException.class, outcomes.get(0));
            assertEquals(503, e.httpStatus());
            // Callers arriving during the backoff get the same failure without a new request.
            assertSame(e.getCause(), ((Throwable) concurrently(20, () -> {
                try {
                    return tokens.token();
                } catch (RuntimeException ex) {
                    return ex;
                }
            }, null).get(0)).getCause());
            assertEquals(1, server.requests.get());
        }
    }
}
