package dev.commerceauth.core;

import java.util.Optional;

/**
 * The token endpoint answered with an error: a Keycloak {@code {error, error_description}}, a
 * Shopware {@code errors[]} with string codes, or a Commerce Layer {@code errors[]} (or single
 * object) with numeric status. An error answer that is not such a JSON document (an HTML page of a
 * proxy, an empty body) is an {@link InvalidResponseException} instead, and a 429 a
 * {@link RateLimitedException}, this class's subclass.
 *
 * <p>{@link #error()} is always an OAuth2 error code: Shopware's numeric codes and Commerce Layer's
 * codes/titles are mapped to the closest one ({@code invalid_client}, {@code invalid_grant},
 * {@code invalid_request}, …); the original code stays in {@link #providerCode()}. An
 * {@code error} text that is not an OAuth2 error code (Keycloak's {@code 404 {"error":"Realm does
 * not exist"}}, a gateway's {@code {"error":"blocked"}}) becomes the code of the status —
 * {@code too_many_requests} for 429, {@code server_error} for 5xx, {@code invalid_request}
 * otherwise — and the text leads {@link #errorDescription()}.
 *
 * <p>Every text taken from the answer — the message, {@link #error()},
 * {@link #errorDescription()}, {@link #providerCode()}, {@link #title()} and
 * {@link #responseBody()} — has the request's secrets and every token value redacted, also in
 * their encoded forms (URL-encoded, JSON-escaped, base64 as in an echoed HTTP Basic header).
 */
public class OAuthErrorException extends TokenException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String error;
    private final String errorDescription;
    private final String providerCode;
    private final String title;
    private final String responseBody;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do; must not contain secrets
     * @param httpStatus the HTTP status of the answer
     * @param error the OAuth2 error code; null or blank becomes {@code server_error} for 5xx and
     *     {@code invalid_request} otherwise
     * @param errorDescription the description or detail, or null
     * @param providerCode the provider's own code (Shopware {@code "4"}, Commerce Layer
     *     {@code UNAUTHORIZED}), or null
     * @param title the provider's title, or null
     * @param responseBody the raw body with secrets redacted, or null
     */
    public OAuthErrorException(String message, int httpStatus, String error, String errorDescription,
            String providerCode, String title, String responseBody) {
        super(message);
        this.httpStatus = httpStatus;
        this.error = error == null || error.trim().isEmpty()
                ? (httpStatus >= 500 ? "server_error" : "invalid_request") : error;
        this.errorDescription = errorDescription;
        this.providerCode = providerCode;
        this.title = title;
        this.responseBody = responseBody == null ? "" : responseBody;
    }

    /**
     * The HTTP status of the answer (200 for Keycloak's revocation errors; 0 when no request was
     * sent because a {@link CachingTokenProvider} knows the grant can no longer succeed, for example
     * an authorization code that was already exchanged).
     *
     * @return the HTTP status
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The OAuth2 error code, for example {@code invalid_client}; never a provider's own text (see
     * the class comment).
     *
     * @return the error code, never blank
     */
    public String error() {
        return error;
    }

    /**
     * Keycloak's {@code error_description}, or the {@code detail} of Shopware and Commerce Layer;
     * led by the answer's {@code error} text when that is not an OAuth2 error code
     * ({@code Realm does not exist}, or {@code blocked: by WAF} for {@code {"error":"blocked",
     * "error_description":"by WAF"}}).
     *
     * @return the description or empty
     */
    public Optional<String> errorDescription() {
        return Optional.ofNullable(errorDescription);
    }

    /**
     * The provider's own error code: Shopware {@code "4"}, {@code "8"},
     * {@code FRAMEWORK__AUTH_THROTTLED}; Commerce Layer {@code UNAUTHORIZED}.
     *
     * @return the provider's code or empty (Keycloak has none)
     */
    public Optional<String> providerCode() {
        return Optional.ofNullable(providerCode);
    }

    /**
     * The {@code title} of a Shopware or Commerce Layer error.
     *
     * @return the title or empty
     */
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /**
     * The raw body of the answer, capped, with every secret and token value replaced by
     * {@code ****}.
     *
     * @return the redacted body, empty if there was none
     */
    public String responseBody() {
        return responseBody;
    }

    /**
     * Whether the grant itself was rejected (wrong password, bad, expired or revoked refresh token,
     * bad code): {@code invalid_grant}, Shopware codes 6, 8 and 10. Re-authenticate from scratch.
     *
     * @return true for a rejected grant
     */
    public boolean isInvalidGrant() {
        return "invalid_grant".equals(error);
    }

    /**
     * Whether the client credentials were rejected: {@code invalid_client},
     * {@code unauthorized_client}, Shopware code 4. Fix the configuration.
     *
     * @return true for rejected client credentials
     */
    public boolean isInvalidClient() {
        return "invalid_client".equals(error) || "unauthorized_client".equals(error);
    }

    /**
     * Whether repeating the same request cannot help: the opposite of {@link #isRetryable()}.
     *
     * @return true for permanent errors
     */
    public boolean isPermanent() {
        return !isRetryable();
    }

    /**
     * Retryable iff the status is 5xx and the error is not a rejected client or grant (Shopware
     * answers 500 to a malformed access key).
     *
     * @return whether a later retry may succeed
     */
    @Override
    public boolean isRetryable() {
        return httpStatus >= 500 && !isInvalidClient() && !isInvalidGrant();
    }
}
