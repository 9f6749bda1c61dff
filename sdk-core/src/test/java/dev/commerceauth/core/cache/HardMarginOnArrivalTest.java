package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A token that is already inside its hard margin when it arrives is never handed out, and it does
 * not make every later call hit the endpoint (review finding: 580 s into a 600 s same-token server,
 * 100 calls sent 101 requests and got a token with 20 s left).
 */
class HardMarginOnArrivalTest extends CacheTestSupport {

    @Test
    void aSameTokenServerNearExpiryNeverYieldsATokenInsideTheHardMarginNorARequestPerCall() throws Exception {
        server.sameToken = "same-token";
        server.sameTokenExpiresAtMillis = clock.millis() + 600_000; // expires_in = remaining life
        try (CachingTokenProvider tokens = provider().minRefreshInterval(Duration.ofSeconds(30)).build()) {
            assertEquals("same-token", tokens.token().value());
            clock.advanceSeconds(580); // hard point 570 s (hard margin 30 s): 20 s left
            TokenException first = null;
            for (int i = 0; i < 100; i++) {
                try {
                    AccessToken t = tokens.token();
                    long left = t.expiresAt().toEpochMilli() - clock.millis();
                    fail("handed out a token with " + left + " ms left, inside the 30 s hard margin");
                } catch (TransportException e) {
                    assertTrue(e.getMessage().contains("hard margin"), e.getMessage());
                    assertTrue(e.isRetryable());
                    if (first == null) {
                        first = e;
                    }
                    // callers during the backoff get the failure without a request, each in an exception of its own
                    assertSame(first.getCause(), e.getCause(), "callers during the backoff get the failure without a request");
                }
            }
            assertEquals(2, server.requests.get(), "the first fetch and one attempt, not one per call");
            // the same token came back, so the next attempt waits at least the minimum refresh interval
            clock.advanceSeconds(15);
            assertThrows(TransportException.class, tokens::token);
            assertEquals(2, server.requests.get());
        }
    }

    @Test
    void aSlowEndpointWithShortTokensFailsInsteadOfHandingOutATokenInsideTheHardMargin() throws Exception {
        AtomicInteger n = new AtomicInteger();
        StubTokenClient slow = new StubTokenClient(clock, g -> {
            Instant sent = clock.instant();
            clock.advanceMillis(9_700); // the request takes 9.7 s of a 10 s lifetime
            return StubTokenClient.token("slow-" + n.incrementAndGet(), sent, sent.plusSeconds(10));
        });
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(slow, CLIENT_CREDENTIALS).executor(executor)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)).waitTimeout(Duration.ofSeconds(10)).build()) {
            // hard margin = min(30 s, 5 % of 10 s) = 500 ms; the token arrives with 300 ms left
            TransportException e = assertThrows(TransportException.class, tokens::token);
            assertTrue(e.getMessage().contains("hard margin of 500 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("the request took 9700 ms"), e.getMessage());
            assertSame(e.getCause(), assertThrows(TransportException.class, tokens::token).getCause(),
                    "backoff, no new request");
            assertEquals(1, slow.requests.get());
            clock.advanceSeconds(1);
            assertThrows(TransportException.class, tokens::token);
            assertEquals(2, slow.requests.get(), "the next call after the backoff tries again");
        }
    }
}
