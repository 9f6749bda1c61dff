package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExceptionsTest {

    @Test
    void oauthErrorClassification() {
        OAuthErrorException invalidClient = new OAuthErrorException("m", 401, "invalid_client", "d", null, null, "{}");
        assertTrue(invalidClient.isInvalidClient());
        assertFalse(invalidClient.isInvalidGrant());
        assertFalse(invalidClient.isRetryable());
        assertTrue(invalidClient.isPermanent());
        assertTrue(new OAuthErrorException("m", 401, "unauthorized_client", null, null, null, null).isInvalidClient());
        assertTrue(new OAuthErrorException("m", 400, "invalid_grant", null, "8", null, null).isInvalidGrant());
        OAuthErrorException server = new OAuthErrorException("m", 503, null, null, null, null, null);
        assertEquals("server_error", server.error());
        assertTrue(server.isRetryable());
        assertFalse(server.isPermanent());
        assertEquals("", server.responseBody());
        assertEquals(Optional.empty(), server.errorDescription());
        assertEquals("invalid_request", new OAuthErrorException("m", 400, " ", null, null, null, null).error());
        // a 500 that names a bad client (Shopware's malformed access key) is not retried
        assertFalse(new OAuthErrorException("m", 500, "invalid_client", null, "FRAMEWORK__API_INVALID_ACCESS_KEY",
                null, null).isRetryable());
    }

    @Test
    void otherExceptions() {
        RateLimitedException r = new RateLimitedException("m", 429, "too_many_requests", null, null, null, null,
                Duration.ofSeconds(10));
        assertTrue(r.isRetryable());
        assertEquals(Optional.of(Duration.ofSeconds(10)), r.retryAfter());
        assertEquals(Optional.empty(), new RateLimitedException("m", 429, null, null, null, null, null, null).retryAfter());
        TransportException t = new TransportException("m", new IOException("x"), true);
        assertTrue(t.isTimeout());
        assertTrue(t.isRetryable());
        assertFalse(new InvalidResponseException("m", 200).isRetryable());
        assertTrue(new InvalidResponseException("m", 502).isRetryable());
        assertEquals(302, new InvalidResponseException("m", 302, new RuntimeException()).httpStatus());
        assertFalse(new TokenException("m").isRetryable());
        assertFalse(new TokenVerificationException("m").isRetryable());
    }
}
