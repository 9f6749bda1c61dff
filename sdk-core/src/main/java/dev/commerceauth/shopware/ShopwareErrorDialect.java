package dev.commerceauth.shopware;

import dev.commerceauth.core.internal.ErrorDialect;
import dev.commerceauth.core.internal.ErrorEntry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Shopware's error answers: JSON:API entries with string status and code,
 * {@code {"errors":[{"code":"4","status":"401","title":"Client authentication failed",
 * "detail":"…"}]}}. The numeric codes are those of league/oauth2-server's
 * {@code OAuthServerException}; {@code FRAMEWORK__AUTH_THROTTLED} (the login throttle) names its
 * wait in {@code meta.parameters.seconds}.
 */
final class ShopwareErrorDialect implements ErrorDialect {

    private static final Map<String, String> CODES = new HashMap<>();

    static {
        CODES.put("2", "unsupported_grant_type");
        CODES.put("3", "invalid_request");
        CODES.put("4", "invalid_client");
        CODES.put("5", "invalid_scope");
        CODES.put("6", "invalid_grant");
        CODES.put("7", "server_error");
        CODES.put("8", "invalid_grant");
        CODES.put("9", "access_denied");
        CODES.put("10", "invalid_grant");
        CODES.put("FRAMEWORK__AUTH_THROTTLED", "too_many_requests");
        CODES.put("FRAMEWORK__API_INVALID_ACCESS_KEY", "invalid_client");
    }

    /**
     * The OAuth error of a league/oauth2-server code or a Shopware framework code.
     *
     * @param entry the entry
     * @return the OAuth error code, or null for another code
     */
    @Override
    public String oauthError(ErrorEntry entry) {
        String code = entry.code();
        return code == null ? null : CODES.get(code);
    }

    /**
     * The login throttle's wait, {@code meta.parameters.seconds}.
     *
     * @param entry the entry
     * @return the wait, or null
     */
    @Override
    public Duration bodyWait(ErrorEntry entry) {
        Long seconds = entry.number("meta", "parameters", "seconds");
        return seconds == null ? null : Duration.ofSeconds(Math.max(0, seconds));
    }
}
