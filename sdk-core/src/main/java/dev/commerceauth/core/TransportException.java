package dev.commerceauth.core;

/**
 * The token endpoint could not be reached or did not answer in time: connection refused or reset,
 * TLS failure, timeout. Always retryable.
 */
public class TransportException extends TokenException {

    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do; must not contain secrets
     * @param cause the I/O error
     * @param timeout whether the request timed out
     */
    public TransportException(String message, Throwable cause, boolean timeout) {
        super(message, cause);
        this.timeout = timeout;
    }

    /**
     * Whether the request timed out (connect, read or whole-call timeout).
     *
     * @return true for timeouts
     */
    public boolean isTimeout() {
        return timeout;
    }

    /**
     * Always true.
     *
     * @return true
     */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
