package dev.commerceauth.core.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonIOException;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.commerceauth.core.InvalidResponseException;
import java.io.IOException;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Converter;
import retrofit2.Retrofit;
import retrofit2.converter.gson.GsonConverterFactory;

/**
 * Internal: Retrofit's {@link GsonConverterFactory} whose response converters turn a body that does
 * not fit the generated model into an {@link InvalidResponseException} (without echoing the body,
 * which may hold a token). The body was already size-capped and checked to be a JSON object by
 * {@link BodyCapInterceptor}.
 */
final class SafeConverterFactory extends Converter.Factory {

    /** Gson for the generated models: nulls omitted, no HTML escaping. */
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final GsonConverterFactory delegate = GsonConverterFactory.create(GSON);
    private final Provider provider;

    SafeConverterFactory(Provider provider) {
        this.provider = provider;
    }

    @Override
    public Converter<ResponseBody, ?> responseBodyConverter(Type type, Annotation[] annotations, Retrofit retrofit) {
        final TypeAdapter<?> adapter = GSON.getAdapter(TypeToken.get(type));
        return (Converter<ResponseBody, Object>) body -> {
            if (body.contentLength() == 0) {
                // an empty 2xx body (a revocation answer): no model; token calls report the missing body
                body.close();
                return null;
            }
            try {
                return read(adapter, body);
            } catch (JsonParseException | IllegalStateException | IllegalArgumentException | IOException e) {
                // the body is already in memory (BodyCapInterceptor), so an IOException here is a parse error
                throw new InvalidResponseException(provider.displayName()
                        + " answered with JSON that does not match its token response format ("
                        + e.getClass().getSimpleName() + "). Check that the endpoint URL points at the token endpoint.",
                        200);
            }
        };
    }

    /**
     * What Retrofit's Gson converter does, from the body's text: the body is already in memory
     * ({@link BodyCapInterceptor}), so it is decoded once into a string (byte order mark and
     * charset as {@code charStream()} honours them) instead of through a reader with 8 KiB of
     * buffers per response.
     */
    private static Object read(TypeAdapter<?> adapter, ResponseBody body) throws IOException {
        JsonReader reader = GSON.newJsonReader(new StringReader(body.string()));
        Object result = adapter.read(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonIOException("JSON document was not fully consumed.");
        }
        return result;
    }

    @Override
    public Converter<?, RequestBody> requestBodyConverter(Type type, Annotation[] parameterAnnotations,
            Annotation[] methodAnnotations, Retrofit retrofit) {
        return delegate.requestBodyConverter(type, parameterAnnotations, methodAnnotations, retrofit);
    }
}
