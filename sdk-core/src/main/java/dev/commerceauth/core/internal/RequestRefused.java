package dev.commerceauth.core.internal;

import java.io.IOException;

/**
 * Internal: thrown by the SDK's network interceptors to stop a request before any of it is
 * written. Its message says why and what to do; it never carries request content.
 */
final class RequestRefused extends IOException {

    private static final long serialVersionUID = 1L;

    RequestRefused(String message) {
        super(message);
    }
}
