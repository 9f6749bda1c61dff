package dev.commerceauth.core.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Internal: the application interceptor of a hardened client built for a plain-http endpoint
 * ({@link Transport#buildClient(String)}), which has no TLS set-up at all. OkHttp 3 would send an
 * {@code https} request on such a client as plain text to the https port; this refuses it before any
 * connection is made.
 */
enum PlainHttpOnly implements Interceptor {
    /** The one instance. */
    INSTANCE;

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (chain.request().url().isHttps()) {
            throw new IllegalStateException("This token client was built for a plain-http endpoint and has no TLS: "
                    + "it never sends an https request. Build the client with the https endpoint instead.");
        }
        return chain.proceed(chain.request());
    }
}
