package dev.commerceauth.core;

/**
 * Root of the unchecked exceptions of the SDK's token clients. Messages say what went wrong and
 * what to do; they never contain a secret or a token.
 *
 * <ul>
 *   <li>{@link OAuthErrorException}: the server answered with an OAuth/provider error;
 *       {@link RateLimitedException} when it asks to slow down.</li>
 *   <li>{@link TransportException}: I/O error, timeout, connection reset.</li>
 *   <li>{@link InvalidResponseException}: the answer is not a usable token response.</li>
 * </ul>
 */
public class TokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong and what to do; must not contain secrets
     */
    public TokenException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what went wrong and what to do; must not contain secrets
     * @param cause the cause
     */
    public TokenException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether trying the same request again later may succeed.
     *
     * @return false here; subclasses decide
     */
    public boolean isRetryable() {
        return false;
    }
}
