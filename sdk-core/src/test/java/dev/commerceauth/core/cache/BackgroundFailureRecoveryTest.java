package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.RateLimitedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * A failed refresh ahead that no caller saw is not thrown at callers later (review finding: after
 * invalidate() the stale failure came back for up to the whole backoff, with no new request).
 */
class BackgroundFailureRecoveryTest extends CacheTestSupport {

    @Test
    void afterInvalidateTheNextCallSendsOneRequestInsteadOfThrowingAnUnseenBackgroundFailure() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().backoff(Duration.ofSeconds(20), Duration.ofSeconds(30)).build()) {
            AccessToken first = tokens.token();
            server.failWith(503, "server_error");
            clock.advanceSeconds(520); // soft zone: the refresh ahead fails, the old token is still served
            assertEquals(first, tokens.token());
            settle();
            assertEquals(2, server.requests.get());
            assertEquals(first, tokens.token());

            server.recover();
            clock.advanceSeconds(1); // well inside the 10-20 s backoff
            tokens.invalidate(first); // the resource server answered 401
            server.hold = new CountDownLatch(1);
            List<Object> outcomes = concurrently(20, tokens::token, () -> server.hold.countDown());
            for (Object o : outcomes) {
                assertEquals("at-2", ((AccessToken) o).value());
            }
            assertEquals(3, server.requests.get(), "one request for all 20 callers");
        }
    }

    @Test
    void aRateLimitWaitFromARefreshAheadIsStillHonouredAfterInvalidate() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().build()) {
            AccessToken first = tokens.token();
            server.failure = p -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "20")
                    .setHeader("Content-Type", "application/json").setBody("{\"error\":\"rate_limited\"}");
            clock.advanceSeconds(520);
            assertEquals(first, tokens.token());
            settle();
            tokens.invalidate(first);
            Object outcome = concurrently(1, tokens::token, null).get(0);
            assertInstanceOf(RateLimitedException.class, outcome);
            assertEquals(2, server.requests.get(), "the server asked for 20 s of quiet");
            server.recover();
            clock.advanceSeconds(20);
            assertEquals("at-2", tokens.token().value());
        }
    }
}
