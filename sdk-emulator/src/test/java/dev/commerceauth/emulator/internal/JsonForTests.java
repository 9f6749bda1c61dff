package dev.commerceauth.emulator.internal;

import com.google.gson.JsonParseException;

import java.util.Map;

/**
 * Lets tests in other packages read and write JSON exactly as the emulator does (numbers as
 * {@link Long} or {@link java.math.BigDecimal}), through the package-private {@link JsonCodec}.
 * Text that is not a JSON object throws {@link IllegalArgumentException}, so that a test asserts
 * "not JSON" without naming the JSON library.
 */
public final class JsonForTests {

    private JsonForTests() {
    }

    /**
     * Parses a JSON object.
     *
     * @param text the JSON text
     * @return its members in document order
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static Map<String, Object> parseObject(String text) {
        try {
            return JsonCodec.parseObject(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a value as compact JSON.
     *
     * @param value the value
     * @return the JSON text
     */
    public static String write(Object value) {
        return JsonCodec.write(value);
    }
}
