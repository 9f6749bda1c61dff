package dev.commerceauth.core.okhttp;

import java.io.IOException;

/**
 * Thrown by {@link BearerTokenInterceptor} and {@link BearerTokenAuthenticator} when no bearer
 * token could be obtained for a request.
 *
 * <p>OkHttp reports only {@link IOException}s to {@code Callback.onFailure}; an unchecked exception
 * thrown inside an interceptor would never reach an asynchronous caller. The
 * {@linkplain #getCause() cause} is the provider's exception, usually a
 * {@link dev.commerceauth.core.TokenException}.
 */
public final class BearerTokenUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without token values
     * @param cause the provider's exception
     */
    public BearerTokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
