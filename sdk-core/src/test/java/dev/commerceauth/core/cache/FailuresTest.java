package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

class FailuresTest extends CacheTestSupport {

    @Test
    void endpointDownWhileTheTokenIsValidServesTheOldTokenAndBacksOff() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).build()) {
            AccessToken first = tokens.token();
            server.failWith(503, "server_error");
            clock.advanceSeconds(511); // soft point 510 s, hard point 570 s
            while (clock.millis() < first.expiresAt().toEpochMilli() - 31_000) {
                assertEquals(first.value(), tokens.token().value());
                settle();
                clock.advanceMillis(100);
            }
            List<Long> failed = server.hits.stream().filter(h -> h.status() == 503).map(TokenServer.Hit::clockMillis).toList();
            assertTrue(failed.size() >= 4, "attempts: " + failed.size());
            assertTrue(failed.size() <= 8, "attempts: " + failed.size());
            for (int i = 1; i < failed.size(); i++) {
                long gap = failed.get(i) - failed.get(i - 1);
                long ceiling = Math.min(30_000, 1000L << (i - 1));
                assertTrue(gap >= ceiling / 2, "gap " + i + " = " + gap + " ms, expected >= " + ceiling / 2);
            }
            assertTrue(failed.get(failed.size() - 1) - failed.get(failed.size() - 2) > failed.get(1) - failed.get(0),
                    "backoff grows: " + failed);
        }
    }

    @Test
    void endpointDownAfterExpiryThrowsATypedExceptionThenRecovers() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).build()) {
            tokens.token();
            server.failWith(503, "server_error");
            clock.advanceSeconds(600);
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            assertEquals(503, e.httpStatus());
            assertTrue(e.isRetryable());
            assertEquals(2, server.requests.get());

            server.recover();
            // within the backoff window the last failure is returned at once, no new request; each caller gets
            // an exception of its own whose cause is that one failure (issue 13 item 9)
            OAuthErrorException again = assertThrows(OAuthErrorException.class, tokens::token);
            assertNotSame(e, again);
            assertSame(e.getCause(), again.getCause());
            assertEquals(2, server.requests.get());

            clock.advanceMillis(1001); // first backoff is at most 1 s
            assertEquals("at-2", tokens.token().value());
            assertEquals(3, server.requests.get());
        }
    }

    @Test
    void aHangingEndpointMakesCallersTimeOutWithinTheWaitTimeout() throws Exception {
        server.failure = p -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
        try (CachingTokenProvider tokens = provider().waitTimeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            TransportException e = assertThrows(TransportException.class, tokens::token);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(e.isTimeout());
            assertTrue(e.isRetryable());
            assertTrue(tookMs >= 250 && tookMs < 4000, "took " + tookMs + " ms");
            // a second caller joins the same (still hanging) request instead of sending another
            assertThrows(TransportException.class, tokens::token);
            assertEquals(1, server.requests.get());
        }
    }

    @Test
    void anInterruptedWaiterGivesUpWithoutCancellingTheRequestForOthers() throws Exception {
        server.hold = new CountDownLatch(1);
        try (CachingTokenProvider tokens = provider().build()) {
            AtomicReference<Object> interruptedOutcome = new AtomicReference<>();
            AtomicReference<Boolean> flagRestored = new AtomicReference<>();
            Thread victim = new Thread(() -> {
                try {
                    interruptedOutcome.set(tokens.token());
                } catch (RuntimeException ex) {
                    interruptedOutcome.set(ex);
                }
                flagRestored.set(Thread.currentThread().isInterrupted());
            });
            AtomicReference<Object> otherOutcome = new AtomicReference<>();
            Thread other = new Thread(() -> otherOutcome.set(tokens.token()));
            victim.start();
            other.start();
            await("both waiting", 10, () -> victim.getState() == Thread.State.TIMED_WAITING
                    && other.getState() == Thread.State.TIMED_WAITING);
            victim.interrupt();
            victim.join(5_000);
            TransportException ex = assertInstanceOf(TransportException.class, interruptedOutcome.get());
            assertTrue(!ex.isTimeout());
            assertTrue(flagRestored.get(), "interrupt flag restored");
            server.hold.countDown();
            other.join(5_000);
            assertEquals("at-1", ((AccessToken) otherOutcome.get()).value());
            assertEquals(1, server.requests.get());
            assertEquals("at-1", tokens.token().value());
        }
    }

    @Test
    void invalidClientFailsAtOnceWithExactlyOneRequestAndNoRetries() throws Exception {
        server.failWith(401, "invalid_client");
        try (CachingTokenProvider tokens = provider().build()) {
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(e.isInvalidClient());
            assertTrue(e.isPermanent());
            Thread.sleep(200); // real time: nothing is retried in the background
            assertEquals(1, server.requests.get());
        }
    }

    @Test
    void invalidClientDuringRefreshAheadClearsTheCache() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().build()) {
            AccessToken first = tokens.token();
            server.failWith(401, "unauthorized_client");
            clock.advanceSeconds(520);
            assertEquals(first.value(), tokens.token().value()); // starts the background refresh
            settle();
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(e.isInvalidClient());
            assertEquals(2, server.requests.get(), "the failure is not retried by the provider");
        }
    }

    @Test
    void rateLimitWaitsTheServersRetryAfterBoundedByMaxRateLimitWait() throws Exception {
        server.expiresIn = 7200;
        try (CachingTokenProvider tokens = provider().maxRateLimitWait(Duration.ofSeconds(60)).build()) {
            AccessToken first = tokens.token();
            server.failure = p -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "20")
                    .setHeader("Content-Type", "application/json").setBody("{\"error\":\"rate_limited\"}");
            clock.advanceSeconds(7200 - 290); // inside the 5 min soft margin
            for (int i = 0; i < 600; i++) { // 60 s of calls
                assertEquals(first.value(), tokens.token().value());
                settle();
                clock.advanceMillis(100);
            }
            List<Long> attempts = server.hits.stream().filter(h -> h.status() == 429).map(TokenServer.Hit::clockMillis).toList();
            assertTrue(attempts.size() >= 2 && attempts.size() <= 3, "attempts " + attempts);
            for (int i = 1; i < attempts.size(); i++) {
                assertTrue(attempts.get(i) - attempts.get(i - 1) >= 20_000, "waits Retry-After: " + attempts);
            }

            server.failure = p -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "86400")
                    .setHeader("Content-Type", "application/json").setBody("{\"error\":\"rate_limited\"}");
            clock.advanceSeconds(21);
            tokens.token();
            settle();
            int before = server.requests.get();
            clock.advanceSeconds(61); // the 1-day Retry-After is capped at 60 s
            tokens.token();
            settle();
            assertEquals(before + 1, server.requests.get());
        }
    }

    @Test
    void theFailureOfOneWaitIsNotCachedForever() throws Exception {
        server.failWith(500, "server_error");
        try (CachingTokenProvider tokens = provider().backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)).build()) {
            for (int i = 0; i < 5; i++) {
                assertThrows(TokenException.class, tokens::token);
                clock.advanceSeconds(5);
            }
            assertEquals(5, server.requests.get(), "each call after the backoff tries again");
            server.recover();
            assertEquals("at-1", tokens.token().value());
        }
    }
}
