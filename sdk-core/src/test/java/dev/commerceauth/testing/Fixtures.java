package dev.commerceauth.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** Shared test fixtures. */
public final class Fixtures {

    /** The instant every test clock stands at. */
    public static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private Fixtures() {
    }

    public static Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** An unsigned-looking JWT (HS-less, signature garbage) with the given payload JSON. */
    public static String jwt(String payloadJson) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8))
                + "." + e.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJlLW5vdC1jaGVja2Vk";
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setHeader("Cache-Control", "no-store")
                .setBody(body);
    }

    public static JsonObject jsonBody(RecordedRequest request) {
        return JsonParser.parseString(request.getBody().readUtf8()).getAsJsonObject();
    }

    public static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }
}
