package dev.commerceauth.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Internal: reads every response body into memory with a size cap (1 MiB), so neither Retrofit nor
 * the error parser can be made to read an unbounded body. A 2xx body must be empty or a JSON
 * object without an {@code error}/{@code errors} member (Keycloak answers some revocation errors
 * with 200).
 */
final class BodyCapInterceptor implements Interceptor {

    /** The largest body read: 1 MiB. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    /** Token fields that must be JSON strings; the signal carries the field's name, never its value. */
    private static final String[] STRING_FIELDS = {"access_token", "token_type", "refresh_token"};

    private final long maxBytes;

    BodyCapInterceptor(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        if (body == null) {
            return response;
        }
        MediaType type = body.contentType();
        String contentType = type == null ? "none" : type.type() + "/" + type.subtype();
        Buffer buffer = new Buffer();
        try (ResponseBody b = body) {
            if (b.contentLength() > maxBytes) {
                throw new ResponseSignal(ResponseSignal.Kind.TOO_LARGE, response.code(), contentType, null);
            }
            BufferedSource source = b.source();
            while (buffer.size() <= maxBytes) {
                if (source.read(buffer, 8192) == -1) {
                    break;
                }
            }
            if (buffer.size() > maxBytes) {
                throw new ResponseSignal(ResponseSignal.Kind.TOO_LARGE, response.code(), contentType, null);
            }
        }
        byte[] bytes = buffer.readByteArray();
        if (response.isSuccessful() && bytes.length > 0) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            JsonElement json = Json.parseOrNull(text);
            if (json == null || !json.isJsonObject()) {
                throw new ResponseSignal(ResponseSignal.Kind.NOT_JSON, response.code(), contentType, text);
            }
            JsonObject o = json.getAsJsonObject();
            for (String field : STRING_FIELDS) {
                JsonElement value = o.get(field);
                if (value != null && !value.isJsonNull()
                        && !(value.isJsonPrimitive() && value.getAsJsonPrimitive().isString())) {
                    // Gson would quietly turn 42 into "42": a token field must be a JSON string.
                    throw new ResponseSignal(ResponseSignal.Kind.NOT_A_STRING, response.code(), contentType, field);
                }
            }
            if (!o.has("access_token") && (o.has("error") || o.has("errors"))) {
                throw new ResponseSignal(ResponseSignal.Kind.ERROR_IN_SUCCESS, response.code(), contentType, text);
            }
        }
        return response.newBuilder().body(ResponseBody.create(type, bytes)).build();
    }
}
