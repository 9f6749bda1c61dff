package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.CachingTokenProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Commerce Layer hands back the same token when asked again before its last 15 minutes. */
class SameTokenServerTest extends CacheTestSupport {

    @Test
    void aThousandCallsInsideTheSoftMarginAgainstASameTokenServerSendABoundedNumberOfRequests() throws Exception {
        long t0 = clock.millis();
        server.sameToken = "same-token";
        server.sameTokenExpiresAtMillis = t0 + 600_000; // expires_in counts down: the token's remaining life
        try (CachingTokenProvider tokens = provider().minRefreshInterval(Duration.ofSeconds(30)).build()) {
            assertEquals("same-token", tokens.token().value());
            // soft point 510 s (15 % of 600 s), hard point 570 s: 1,000 calls from 511 s to 569 s
            clock.advanceSeconds(511);
            for (int i = 0; i < 1000; i++) {
                assertEquals("same-token", tokens.token().value());
                // let any background request finish so the bound below is about policy, not timing
                settle();
                clock.advanceMillis(58);
            }
            // first fetch + at most one refresh attempt per 30 s over 58 s of soft window
            int requests = server.requests.get();
            assertTrue(requests >= 2 && requests <= 1 + 2, "requests: " + requests);
        }
    }
}
