package dev.commerceauth.reliability;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Reads the payload of the emulator's JWTs (no signature check: the emulator's own tests do that). */
final class Jwts {

    private Jwts() {
    }

    static JsonObject payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("not a JWT (" + parts.length + " parts)");
        }
        return JsonParser.parseString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    /** The {@code exp} claim. */
    static Instant exp(String jwt) {
        return Instant.ofEpochSecond(payload(jwt).get("exp").getAsLong());
    }
}
