package dev.commerceauth.core;

/**
 * The answer is not a usable token response: malformed JSON, an HTML page, a missing
 * {@code access_token}, a non-bearer {@code token_type}, an absurd {@code expires_in} (negative or
 * more than ten years), a body over the 1 MiB cap, or a 3xx redirect (which is never followed; the
 * message names the {@code Location}). Retryable iff the status is 5xx.
 */
public class InvalidResponseException extends TokenException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do; must not contain secrets
     * @param httpStatus the HTTP status of the answer
     */
    public InvalidResponseException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong and what to do; must not contain secrets
     * @param httpStatus the HTTP status of the answer
     * @param cause the cause, for example a JSON parse error
     */
    public InvalidResponseException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /**
     * The HTTP status of the answer.
     *
     * @return the HTTP status
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Retryable iff the status is 5xx.
     *
     * @return whether a retry may succeed
     */
    @Override
    public boolean isRetryable() {
        return httpStatus >= 500;
    }
}
