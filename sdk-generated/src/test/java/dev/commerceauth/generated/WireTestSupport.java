package dev.commerceauth.generated;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import retrofit2.Retrofit;
import retrofit2.converter.gson.GsonConverterFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared plumbing of the wire tests: a Retrofit pointed at a loopback MockWebServer. */
final class WireTestSupport {
    private WireTestSupport() {
    }

    static Retrofit retrofit(MockWebServer server) {
        return new Retrofit.Builder()
                .baseUrl(server.url("/"))
                .addConverterFactory(GsonConverterFactory.create())
                .build();
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    static RecordedRequest take(MockWebServer server) throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the server received no request");
        }
        return request;
    }

    static JsonObject jsonBody(RecordedRequest request) {
        return JsonParser.parseString(request.getBody().readUtf8()).getAsJsonObject();
    }

    /** Decodes an {@code application/x-www-form-urlencoded} body, keeping field order. */
    static Map<String, String> formBody(RecordedRequest request) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        String body = request.getBody().readUtf8();
        if (body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8.name());
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8.name());
            if (fields.put(key, value) != null) {
                throw new AssertionError("form field sent twice: " + key);
            }
        }
        return fields;
    }
}
