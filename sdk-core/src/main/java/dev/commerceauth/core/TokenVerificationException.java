package dev.commerceauth.core;

/**
 * A token failed verification: malformed, an algorithm outside the allow-list (only RS512), an
 * unknown key id, a wrong issuer, a bad signature or an expired token. Not retryable: the token
 * must not be trusted.
 */
public class TokenVerificationException extends TokenException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed; must not contain the token
     */
    public TokenVerificationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed; must not contain the token
     * @param cause the cause
     */
    public TokenVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
