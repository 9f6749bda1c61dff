package dev.commerceauth.redis;

import dev.commerceauth.core.TokenException;

/**
 * A {@link RedisTokenStore} call failed: Redis could not be reached, did not answer within the
 * command timeout, refused the credentials or the command. The message names the Redis host and
 * port and what went wrong, never the password. Retryable: the store works again once Redis does.
 */
public class StoreUnavailableException extends TokenException {

    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    /**
     * Creates the exception.
     *
     * @param message what went wrong; must not contain secrets
     * @param cause the client's exception, or null
     * @param timeout whether a timeout (connect, command or waiting for a connection) ended the call
     */
    public StoreUnavailableException(String message, Throwable cause, boolean timeout) {
        super(message, cause);
        this.timeout = timeout;
    }

    /**
     * Whether a timeout ended the call (Redis stalled, overloaded or unreachable without an answer),
     * rather than a refused connection or an error answer.
     *
     * @return true for timeouts
     */
    public boolean isTimeout() {
        return timeout;
    }

    /**
     * Always true: the same call may succeed once Redis is back.
     *
     * @return true
     */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
