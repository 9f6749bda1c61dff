package dev.commerceauth.core.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSource;
import okio.Okio;

/**
 * Internal: every token, revocation and JWKS request reaches the network at most once.
 *
 * <p>OkHttp 3.14.9 sends a request again on its own, whatever {@code retryOnConnectionFailure}
 * says: a {@code 503} answered with {@code Retry-After: 0} is replayed at once, and an
 * authenticator's answer to a {@code 401} or {@code 407} is sent as a new attempt (with
 * {@code retryOnConnectionFailure(true)} a {@code 408} and a failed connection would be too). A
 * replayed refresh token or authorization code is spent twice; retries belong to the cache, which
 * knows what is single-use. Two layers keep every call to one network attempt:
 *
 * <ul>
 *   <li>{@link #proceed(Interceptor.Chain)}, run by the SDK's application interceptor, marks the
 *       call with a fresh {@link Attempt} and makes its request body one-shot. OkHttp never
 *       replays a one-shot body: it hands back the answer it would have replayed the request for,
 *       and it does not retry a failed one-shot request once sending started.</li>
 *   <li>This network interceptor lets the first network attempt of a marked call through and
 *       refuses any further one (or one without the mark) with a {@link RequestRefused}, before
 *       anything is written. That covers requests without a body (the JWKS {@code GET}) and a
 *       follow-up with a body of its own (a caller's proxy authenticator). The first attempt's
 *       answer, when it is not a 2xx (OkHttp follows up only those), is kept (its body read, at
 *       most 1 MiB), and the application side hands it back as if no follow-up had been tried, so
 *       it is mapped as it came: a {@code 503} is the SDK's retryable error.</li>
 * </ul>
 */
final class SendOnce implements Interceptor {

    /** The network interceptor; stateless, the state of a call lives in its {@link Attempt}. */
    static final SendOnce NETWORK = new SendOnce();

    private SendOnce() {
    }

    /**
     * The application side: proceeds with the call marked and its body one-shot, and hands back
     * the first answer when OkHttp tried to send the request again.
     *
     * @param chain the application interceptor chain
     * @return the answer of the one network attempt
     * @throws IOException if the attempt failed, or a second attempt was refused without a kept
     *     answer
     */
    static Response proceed(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        Attempt attempt = new Attempt();
        Request.Builder marked = request.newBuilder().tag(Attempt.class, attempt);
        if (request.body() != null) {
            marked.method(request.method(), new OneShotBody(request.body()));
        }
        try {
            return chain.proceed(marked.build());
        } catch (RequestRefused refused) {
            Response first = attempt.firstAnswer(request);
            if (first == null) {
                throw refused;
            }
            return first;
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Attempt attempt = chain.request().tag(Attempt.class);
        if (attempt == null || !attempt.start()) {
            throw new RequestRefused("the HTTP client tried to send the request a second time (an automatic retry or"
                    + " follow-up); token, revocation and JWKS requests are sent at most once, so it was not sent again."
                    + " Retry later; the TokenProvider's cache retries on its own");
        }
        Response response = chain.proceed(chain.request());
        return response.isSuccessful() ? response : attempt.keep(response);
    }

    /** One call's network attempts: whether the first has started, and its answer when kept. */
    static final class Attempt {
        private final AtomicBoolean started = new AtomicBoolean();
        /** The first answer without its body, null until kept. */
        private volatile Response kept;
        private volatile byte[] keptBody;

        boolean start() {
            return started.compareAndSet(false, true);
        }

        /** Reads the body of a network answer (capped) and keeps a copy of the answer. */
        Response keep(Response network) throws IOException {
            ResponseBody body = network.body();
            if (body == null) {
                return network;
            }
            MediaType type = body.contentType();
            byte[] bytes = BodyCapInterceptor.readCapped(body, network.code()).readByteArray();
            keptBody = bytes;
            kept = new Response.Builder()
                    .request(network.request())
                    .protocol(network.protocol())
                    .code(network.code())
                    .message(network.message())
                    .headers(network.headers())
                    .handshake(network.handshake())
                    .sentRequestAtMillis(network.sentRequestAtMillis())
                    .receivedResponseAtMillis(network.receivedResponseAtMillis())
                    .build();
            return network.newBuilder().body(ResponseBody.create(type, bytes)).build();
        }

        /**
         * The kept answer as the application sees it: for the application's request, and
         * decompressed as OkHttp's bridge does when it asked for gzip on the application's behalf.
         */
        Response firstAnswer(Request request) {
            Response first = kept;
            if (first == null) {
                return null;
            }
            String contentType = first.header("Content-Type");
            MediaType type = contentType == null ? null : MediaType.parse(contentType);
            Buffer bytes = new Buffer().write(keptBody);
            Response.Builder answer = first.newBuilder().request(request);
            if (request.header("Accept-Encoding") == null && request.header("Range") == null
                    && "gzip".equalsIgnoreCase(first.header("Content-Encoding"))) {
                answer.headers(first.headers().newBuilder().removeAll("Content-Encoding").removeAll("Content-Length").build());
                return answer.body(ResponseBody.create(type, -1L, Okio.buffer(new GzipSource(bytes)))).build();
            }
            return answer.body(ResponseBody.create(type, bytes.size(), bytes)).build();
        }
    }

    /** A request body OkHttp must not send twice. */
    private static final class OneShotBody extends RequestBody {
        private final RequestBody delegate;

        OneShotBody(RequestBody delegate) {
            this.delegate = delegate;
        }

        @Override
        public MediaType contentType() {
            return delegate.contentType();
        }

        @Override
        public long contentLength() throws IOException {
            return delegate.contentLength();
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            delegate.writeTo(sink);
        }

        @Override
        public boolean isOneShot() {
            return true;
        }
    }
}
