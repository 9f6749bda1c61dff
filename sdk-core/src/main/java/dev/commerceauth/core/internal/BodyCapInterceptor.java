package dev.commerceauth.core.internal;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Internal: the SDK's one application interceptor. It sends the call at most once
 * ({@link SendOnce}) and reads every response body into memory with a size cap (1 MiB), so neither
 * Retrofit nor the error parser can be made to read an unbounded body. A 2xx body must be empty or a JSON
 * object without an {@code error}/{@code errors} member (Keycloak answers some revocation errors
 * with 200).
 */
final class BodyCapInterceptor implements Interceptor {

    /** The largest body read: 1 MiB. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    /** Token fields that must be JSON strings. */
    private static final String[] STRING_FIELDS = {"access_token", "token_type", "refresh_token"};

    private final long maxBytes;

    BodyCapInterceptor(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = SendOnce.proceed(chain);
        ResponseBody body = response.body();
        if (body == null) {
            return response;
        }
        MediaType type = body.contentType();
        byte[] bytes = readCapped(body, response.code(), maxBytes).readByteArray();
        if (response.isSuccessful() && bytes.length > 0) {
            inspectSuccessBody(bytes, response.code(), contentType(type));
        }
        return response.newBuilder().body(ResponseBody.create(type, bytes)).build();
    }

    /**
     * Reads and closes a body, at most {@link #MAX_BODY_BYTES}.
     *
     * @param body the body
     * @param status the status of its answer, for the signal
     * @return the bytes read
     * @throws ResponseSignal ({@code TOO_LARGE}) if the body is larger
     * @throws IOException if reading fails
     */
    static Buffer readCapped(ResponseBody body, int status) throws IOException {
        return readCapped(body, status, MAX_BODY_BYTES);
    }

    private static Buffer readCapped(ResponseBody body, int status, long maxBytes) throws IOException {
        Buffer buffer = new Buffer();
        try (ResponseBody b = body) {
            if (b.contentLength() > maxBytes) {
                throw new ResponseSignal(ResponseSignal.Kind.TOO_LARGE, status, contentType(b.contentType()), null);
            }
            BufferedSource source = b.source();
            while (buffer.size() <= maxBytes) {
                if (source.read(buffer, 8192) == -1) {
                    break;
                }
            }
            if (buffer.size() > maxBytes) {
                throw new ResponseSignal(ResponseSignal.Kind.TOO_LARGE, status, contentType(b.contentType()), null);
            }
        }
        return buffer;
    }

    private static String contentType(MediaType type) {
        return type == null ? "none" : type.type() + "/" + type.subtype();
    }

    /**
     * One streaming pass over a 2xx body, without building a tree: it must be a single JSON object,
     * its token fields must be JSON strings (Gson would quietly turn {@code 42} into {@code "42"}),
     * and an object with {@code error}/{@code errors} but no {@code access_token} is an error.
     */
    private static void inspectSuccessBody(byte[] bytes, int status, String contentType) throws ResponseSignal {
        boolean accessToken = false;
        boolean error = false;
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setLenient(true);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw notJson(text, status, contentType);
            }
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (isStringField(name)) {
                    JsonToken value = reader.peek();
                    if (value != JsonToken.STRING && value != JsonToken.NULL) {
                        // the signal carries the field's name, never its value
                        throw new ResponseSignal(ResponseSignal.Kind.NOT_A_STRING, status, contentType, name);
                    }
                    accessToken |= "access_token".equals(name);
                } else if ("error".equals(name) || "errors".equals(name)) {
                    error = true;
                }
                reader.skipValue();
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw notJson(text, status, contentType);
            }
        } catch (ResponseSignal signal) {
            throw signal;
        } catch (IOException | RuntimeException malformed) {
            throw notJson(text, status, contentType);
        }
        if (!accessToken && error) {
            throw new ResponseSignal(ResponseSignal.Kind.ERROR_IN_SUCCESS, status, contentType, text);
        }
    }

    private static boolean isStringField(String name) {
        for (String field : STRING_FIELDS) {
            if (field.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static ResponseSignal notJson(String text, int status, String contentType) {
        return new ResponseSignal(ResponseSignal.Kind.NOT_JSON, status, contentType, text);
    }
}
