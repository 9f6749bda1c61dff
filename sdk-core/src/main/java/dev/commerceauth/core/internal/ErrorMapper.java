package dev.commerceauth.core.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.TokenException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Internal: the shared core of error mapping, which turns an error answer into a typed exception.
 * It reads the two shapes every provider's answers take:
 *
 * <ul>
 *   <li>OAuth 2.0 (RFC 6749): {@code {"error":"…","error_description":"…"}}</li>
 *   <li>JSON:API: {@code {"errors":[{"code":"…","status":"…","title":"…","detail":"…"}]}}, of which
 *       the first entry counts, {@code errors} possibly a single object</li>
 * </ul>
 * and the {@code Retry-After} header. What a provider's own error codes, wait hints and advice
 * mean is its {@link ErrorDialect}, taken from its {@link Provider}. Non-JSON bodies (HTML pages)
 * become {@link InvalidResponseException}, except 429 which is always a
 * {@link RateLimitedException}; a 407 (a proxy wants credentials) is always an
 * {@link InvalidResponseException} that says how to configure them. Every text taken from the
 * answer is redacted before it reaches an exception.
 */
final class ErrorMapper {

    private final Provider provider;
    private final ErrorDialect dialect;
    private final Clock clock;

    /**
     * Creates a mapper.
     *
     * @param provider the provider, for messages and its error dialect
     * @param clock the clock used to turn a {@code Retry-After} date into a wait
     */
    ErrorMapper(Provider provider, Clock clock) {
        this.provider = provider;
        this.dialect = provider.errorDialect();
        this.clock = clock;
    }

    /**
     * Maps an error answer. Every text taken from it — {@code error}, {@code error_description},
     * {@code code}, {@code title}, {@code detail}, the content type and the body — has the
     * request's secrets redacted before it reaches the exception. An {@code error} that is not an
     * OAuth 2.0 error code once redacted (Keycloak's {@code Realm does not exist}, a gateway's
     * {@code blocked}) becomes the code of its status ({@link #codeForStatus}) and leads the
     * description.
     *
     * @param status the HTTP status
     * @param contentType the body's media type, or null
     * @param body the body, may be empty
     * @param headers the response headers ({@code Retry-After}, the dialect's rate-limit headers), or null
     * @param action what was attempted, for example {@code client_credentials token request}
     * @param redactor removes the request's secrets
     * @param requestUrl the URL the request went to, for the dialect's advice; or null
     * @return the exception to throw
     */
    TokenException map(int status, String contentType, String body, okhttp3.Headers headers,
            String action, Redactor redactor, okhttp3.HttpUrl requestUrl) {
        String safeBody = redactor.redact(body == null ? "" : body);
        if (status == 407) {
            return proxyAuthenticationRequired(headers, action, redactor);
        }
        Duration headerWait = headerWait(headers);
        JsonElement json = Json.parseOrNull(body);
        Parsed p = json != null && json.isJsonObject() ? parse(json.getAsJsonObject()) : null;
        if (p == null) {
            String shape = body == null || body.trim().isEmpty() ? "an empty body"
                    : "a body that is not an OAuth error ("
                    + (contentType == null ? "no content type" : redactor.redact(contentType)) + ")";
            if (status == 429) {
                return new RateLimitedException(provider.displayName() + " rate-limited the " + action
                        + " (HTTP 429 with " + shape + "). " + waitAdvice(headerWait), status, "too_many_requests",
                        null, null, null, safeBody, headerWait);
            }
            String advice = status == 404 ? "Check the endpoint URL."
                    : status >= 500 ? "The server or a proxy in front of it failed; retry later."
                    : "Check the endpoint URL and that no proxy or firewall answers in the server's place.";
            String more = status < 500 ? dialect.advice(status, null, requestUrl) : null;
            if (more != null) {
                advice += " " + more;
            }
            return new InvalidResponseException(provider.displayName() + " answered the " + action
                    + " with HTTP " + status + " and " + shape + ". " + advice, status);
        }
        String error = redactor.redact(p.error);
        String description = blankToNull(redactor.redact(p.description));
        String title = redactor.redact(p.title);
        String providerCode = redactor.redact(p.providerCode);
        String errorText = null;
        if (!ErrorEntry.isOAuthErrorCode(error)) {
            if (p.oauthShape) {
                errorText = blankToNull(error == null ? null : error.trim());
                description = errorText == null || description == null || description.equals(errorText)
                        ? (errorText != null ? errorText : description) : errorText + ": " + description;
            }
            error = codeForStatus(status);
        }
        String summary = "(" + status + " " + error + (description != null ? ": " + description
                : title != null ? ": " + title : "")
                + (providerCode != null && !providerCode.equals(error) ? ", code " + providerCode : "") + ")";
        if (status == 429 || "too_many_requests".equals(error)) {
            Duration wait = headerWait != null ? headerWait : p.bodyWait;
            return new RateLimitedException(provider.displayName() + " rate-limited the " + action + " "
                    + summary + ". " + waitAdvice(wait), status, error, description, providerCode, title,
                    safeBody, wait);
        }
        return new OAuthErrorException(message(status, error, errorText, summary, action, requestUrl), status, error,
                description, providerCode, title, safeBody);
    }

    /**
     * The OAuth 2.0 error code an error of this status stands for when the answer names none:
     * {@code too_many_requests} for 429, {@code server_error} for 5xx, {@code invalid_request}
     * otherwise.
     *
     * @param status the HTTP status
     * @return the code
     */
    static String codeForStatus(int status) {
        return status == 429 ? "too_many_requests" : status >= 500 ? "server_error" : "invalid_request";
    }

    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s;
    }

    /**
     * A 407: a proxy between the client and the provider wants credentials, so the request did
     * not reach the provider. Not retryable: the same request gets the same answer.
     */
    private InvalidResponseException proxyAuthenticationRequired(okhttp3.Headers headers, String action,
            Redactor redactor) {
        String challenge = headers == null ? null : headers.get("Proxy-Authenticate");
        String scheme = challenge == null ? null : challenge.trim().split("[\\s,]", 2)[0];
        String asks = scheme != null && scheme.matches("[A-Za-z][A-Za-z0-9-]{0,31}")
                ? " (it asks for " + redactor.redact(scheme) + " authentication)" : "";
        return new InvalidResponseException("A proxy answered the " + provider.displayName() + " " + action
                + " with HTTP 407 Proxy Authentication Required" + asks + ": it wants credentials, and the request"
                + " did not reach " + provider.displayName() + ". " + PROXY_CREDENTIALS_ADVICE, 407);
    }

    /** What to do when a proxy wants credentials. */
    static final String PROXY_CREDENTIALS_ADVICE = "Configure the proxy's credentials with proxyAuthenticator on"
            + " the OkHttpClient passed to the builder's okHttpClient(...).";

    /** The shared advice for an {@code error} text that is not an OAuth 2.0 error code. */
    private static final String NOT_A_CODE_ADVICE = "The answer's error is not an OAuth 2.0 error code: check the"
            + " endpoint URL and that no proxy, firewall or gateway answers in the server's place.";

    private String message(int status, String error, String errorText, String summary, String action,
            okhttp3.HttpUrl requestUrl) {
        String name = provider.displayName();
        switch (error) {
            case "invalid_client":
            case "unauthorized_client":
                return name + " rejected the client credentials " + summary + ". " + provider.credentialsHint();
            case "invalid_grant":
                return name + " rejected the grant of the " + action + " " + summary
                        + ". Check the user name and password, or start over with a new grant if the refresh token"
                        + " or code expired, was revoked or was already used.";
            case "invalid_scope":
                return name + " rejected the requested scope " + summary
                        + ". Request only scopes the client is allowed to use.";
            case "unsupported_grant_type":
                return name + " does not allow this grant for the client " + summary
                        + ". Enable the grant type for the client or use another grant.";
            case "access_denied":
                return name + " denied access " + summary
                        + ". Check that the client and its realm or organization are enabled.";
            case "invalid_token":
                return name + " rejected the token " + summary + ". Check that it is a token of this client.";
            default:
                if (status >= 500) {
                    return name + " failed to answer the " + action + " " + summary + ". Retry later.";
                }
                String advice = dialect.advice(status, errorText, requestUrl);
                if (advice == null) {
                    advice = errorText != null ? NOT_A_CODE_ADVICE
                            : "Check the request parameters and the endpoint configuration.";
                }
                return name + " rejected the " + action + " " + summary + ". " + advice;
        }
    }

    private static String waitAdvice(Duration wait) {
        return wait == null ? "Slow down before the next request."
                : "Wait " + wait.getSeconds() + " seconds before the next request.";
    }

    /** Parses the OAuth 2.0 or the JSON:API shape, or returns null if the object has neither. */
    Parsed parse(JsonObject o) {
        String error = Json.string(o, "error");
        if (error != null) {
            Parsed p = new Parsed();
            p.oauthShape = true;
            p.error = error;
            p.description = Json.string(o, "error_description");
            return p;
        }
        JsonElement errors = o.get("errors");
        JsonObject first = null;
        if (errors != null && errors.isJsonArray()) {
            JsonArray a = errors.getAsJsonArray();
            if (a.size() > 0 && a.get(0).isJsonObject()) {
                first = a.get(0).getAsJsonObject();
            }
        } else if (errors != null && errors.isJsonObject()) {
            first = errors.getAsJsonObject();
        }
        if (first == null) {
            return null;
        }
        ErrorEntry entry = new ErrorEntry(first);
        Parsed p = new Parsed();
        p.providerCode = entry.code();
        p.title = entry.title();
        p.description = entry.detail();
        p.bodyWait = dialect.bodyWait(entry);
        String known = dialect.oauthError(entry);
        p.error = known != null ? known : oauthCode(p.providerCode, p.title, entry.status());
        return p;
    }

    /** The shared rules, for an entry the dialect does not know. */
    private static String oauthCode(String code, String title, String status) {
        if (ErrorEntry.isOAuthErrorCode(title)) {
            return title;
        }
        if (ErrorEntry.isOAuthErrorCode(code)) {
            return code;
        }
        if ("429".equals(status)) {
            return "too_many_requests";
        }
        return status != null && status.startsWith("5") ? "server_error" : "invalid_request";
    }

    /** The wait the headers ask for: {@code Retry-After}; else the dialect's own rate-limit headers. */
    Duration headerWait(okhttp3.Headers headers) {
        if (headers == null) {
            return null;
        }
        Duration retryAfter = parseRetryAfter(headers.get("Retry-After"));
        return retryAfter != null ? retryAfter : dialect.headerWait(headers);
    }

    /** Parses {@code Retry-After}: delay seconds or an HTTP date; null if absent or unreadable. */
    Duration parseRetryAfter(String value) {
        if (value == null || value.trim().isEmpty()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The fields of a parsed error, as the server sent them (not yet redacted). */
    static final class Parsed {
        /** Whether the answer has the OAuth 2.0 shape, {@code error} and {@code error_description}. */
        boolean oauthShape;
        String error;
        String description;
        String providerCode;
        String title;
        Duration bodyWait;
    }
}
