package dev.commerceauth.commercelayer;

import dev.commerceauth.core.internal.ErrorDialect;
import dev.commerceauth.core.internal.ErrorEntry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import okhttp3.Headers;

/**
 * Commerce Layer's error answers: JSON:API entries with a numeric status, the OAuth error code in
 * the title and an upper-case code, {@code {"errors":[{"code":"UNAUTHORIZED",
 * "title":"invalid_client","status":401,"detail":"…"}]}}, {@code errors} sometimes a single
 * object; rate limits in {@code X-Ratelimit-*} headers.
 */
final class CommerceLayerErrorDialect implements ErrorDialect {

    private static final Map<String, String> CODES = new HashMap<>();

    static {
        CODES.put("UNAUTHORIZED", "invalid_client");
        CODES.put("BAD_REQUEST", "invalid_request");
        CODES.put("FORBIDDEN", "access_denied");
        CODES.put("TOO_MANY_REQUESTS", "too_many_requests");
        CODES.put("INTERNAL_SERVER_ERROR", "server_error");
    }

    /**
     * The title if it is an OAuth error code, else the OAuth error of the code (in any case).
     *
     * @param entry the entry
     * @return the OAuth error code, or null for another entry
     */
    @Override
    public String oauthError(ErrorEntry entry) {
        String title = entry.title();
        if (ErrorEntry.isOAuthErrorCode(title)) {
            return title;
        }
        String code = entry.code();
        return code == null ? null : CODES.get(code.toUpperCase(Locale.ROOT));
    }

    /**
     * When {@code X-Ratelimit-Remaining} is 0, the whole {@code X-Ratelimit-Interval} (an upper
     * bound of the wait).
     *
     * @param headers the response headers
     * @return the wait, or null
     */
    @Override
    public Duration headerWait(Headers headers) {
        String remaining = headers.get("X-Ratelimit-Remaining");
        String interval = headers.get("X-Ratelimit-Interval");
        if ("0".equals(remaining == null ? null : remaining.trim()) && interval != null
                && interval.trim().matches("\\d{1,6}")) {
            return Duration.ofSeconds(Long.parseLong(interval.trim()));
        }
        return null;
    }
}
