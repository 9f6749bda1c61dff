package dev.commerceauth.core.internal;

import java.io.IOException;

/**
 * Internal: thrown by {@link BodyCapInterceptor} through Retrofit's {@code execute()} to tell
 * {@link TokenCalls} that the answer is unusable. Carries no body content in its message.
 */
final class ResponseSignal extends IOException {

    private static final long serialVersionUID = 1L;

    enum Kind { TOO_LARGE, NOT_JSON, ERROR_IN_SUCCESS, NOT_A_STRING }

    final Kind kind;
    final int status;
    final transient String contentType;
    final transient String body;

    ResponseSignal(Kind kind, int status, String contentType, String body) {
        super("unusable response: " + kind + " (HTTP " + status + ")");
        this.kind = kind;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }
}
