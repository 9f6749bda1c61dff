package dev.commerceauth.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The token endpoint asked to slow down (HTTP 429): Commerce Layer's 30 requests per minute, or
 * Shopware's brute-force limiter ({@code FRAMEWORK__AUTH_THROTTLED}). Always retryable, after
 * {@link #retryAfter()} if the server said how long.
 */
public class RateLimitedException extends OAuthErrorException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do; must not contain secrets
     * @param httpStatus the HTTP status (429)
     * @param error the OAuth2-style error code, for example {@code too_many_requests}
     * @param errorDescription the description or null
     * @param providerCode the provider's code or null
     * @param title the provider's title or null
     * @param responseBody the redacted raw body or null
     * @param retryAfter how long to wait, or null if the server did not say
     */
    public RateLimitedException(String message, int httpStatus, String error, String errorDescription,
            String providerCode, String title, String responseBody, Duration retryAfter) {
        super(message, httpStatus, error, errorDescription, providerCode, title, responseBody);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        this.retryAfter = retryAfter;
    }

    /**
     * How long to wait: the {@code Retry-After} header (seconds or HTTP date), Shopware's
     * {@code meta.parameters.seconds}, or — when Commerce Layer answers
     * {@code X-Ratelimit-Remaining: 0} without {@code Retry-After} — its whole
     * {@code X-Ratelimit-Interval} (an upper bound).
     *
     * @return the wait or empty when the server did not say
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Always true: the request may succeed later.
     *
     * @return true
     */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
