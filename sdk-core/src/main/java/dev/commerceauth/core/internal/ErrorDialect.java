package dev.commerceauth.core.internal;

import java.time.Duration;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Internal: what one provider's error answers mean beyond the shapes every provider shares. The
 * shared core ({@link ErrorMapper}) reads the OAuth 2.0 shape ({@code {"error":"…",
 * "error_description":"…"}}) and the first entry of a JSON:API {@code errors} answer
 * ({@link ErrorEntry}), honours {@code Retry-After} and writes the messages; a dialect adds the
 * provider's own error codes and wait hints. Each provider package keeps its dialect next to its
 * client and hands it over with its {@link Provider}, so adding a provider adds a dialect and edits
 * no shared table.
 */
public interface ErrorDialect {

    /**
     * The OAuth 2.0 error code (RFC 6749, section 5.2) that the first entry of a JSON:API
     * {@code errors} answer stands for in this provider's own codes.
     *
     * @param entry the entry
     * @return the OAuth error code, for example {@code invalid_client}, or null to let the shared
     *     rules decide: the title, else the code, if it has the form of an OAuth error code; else
     *     {@code too_many_requests} for status 429, {@code server_error} for 5xx and
     *     {@code invalid_request} otherwise
     */
    String oauthError(ErrorEntry entry);

    /**
     * The wait an error entry asks for in its body, used when the answer has no
     * {@code Retry-After} header.
     *
     * @param entry the entry
     * @return the wait, or null (the default) if the entry names none
     */
    default Duration bodyWait(ErrorEntry entry) {
        return null;
    }

    /**
     * The wait the provider's own rate-limit headers ask for, used when the answer has no
     * {@code Retry-After} header.
     *
     * @param headers the response headers, not null
     * @return the wait, or null (the default) if the headers name none
     */
    default Duration headerWait(Headers headers) {
        return null;
    }

    /**
     * The provider's own advice for an error answer the shared messages have no specific advice
     * for, with a status below 500: an answer that is not an OAuth error at all (the advice
     * follows the shared one, to check the endpoint URL), or an error other than a rejected client,
     * grant, scope, grant type, access or token (the advice replaces the shared one, to check the
     * request parameters or, for an {@code error} text that is not an OAuth 2.0 error code, that
     * no proxy or gateway answers in the server's place).
     *
     * @param status the HTTP status
     * @param errorText the answer's {@code error} when it is not an OAuth 2.0 error code (for
     *     example Keycloak's {@code Realm does not exist}), with the request's secrets redacted; or
     *     null
     * @param requestUrl the URL the request went to, or null; a message must leave out its user
     *     info and query ({@link Endpoints#withoutCredentials(HttpUrl)})
     * @return one or more sentences, or null (the default) for the shared advice
     */
    default String advice(int status, String errorText, HttpUrl requestUrl) {
        return null;
    }
}
