package dev.commerceauth.core.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Internal: small, null-safe helpers over Gson's tree model. */
final class Json {

    private Json() {
    }

    /** Parses JSON, or returns null if the text is not JSON. */
    static JsonElement parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JsonParser.parseString(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Parses UTF-8 bytes that must hold exactly one JSON object, strictly (RFC 8259): no unquoted
     * or single-quoted names, comments, trailing commas, unescaped control characters or
     * {@code \'} escapes (Gson's {@link Strictness#STRICT}), no data after the object, no member
     * name twice in one object, and no malformed UTF-8. Used for everything whose meaning is
     * security-relevant (JWT header and claims, JWKS), where two parsers must never read one text
     * two ways; for the same reason a number beyond the range of a double is refused (I-JSON,
     * RFC 7493). Numbers are kept as {@link BigDecimal}. Nesting is bounded by Gson's limit (255).
     *
     * @param utf8 the bytes
     * @return the object
     * @throws IllegalArgumentException with a short reason that quotes no input except a member
     *     name (at most 64 printable ASCII characters)
     */
    static JsonObject parseStrictObject(byte[] utf8) {
        String text = strictUtf8(utf8);
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            JsonElement value = strictValue(reader);
            boolean end;
            try {
                end = reader.peek() == JsonToken.END_DOCUMENT;
            } catch (IOException e) {
                end = false;
            }
            if (!end) {
                throw new IllegalArgumentException("there is data after the JSON object");
            }
            return value.getAsJsonObject();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // MalformedJsonException (an IOException), or a reader state error: never echo Gson's text
            throw new IllegalArgumentException("it is not strict JSON (RFC 8259)"
                    + (e.getMessage() != null && e.getMessage().startsWith("Nesting limit") ? ": nested too deeply" : ""));
        }
    }

    /**
     * Decodes UTF-8, refusing malformed input. ASCII (every JWT header and nearly every claim set)
     * is copied as it is, without a decoder and its buffers: ASCII bytes are their own UTF-8.
     */
    private static String strictUtf8(byte[] utf8) {
        boolean ascii = true;
        for (int i = 0; i < utf8.length && ascii; i++) {
            ascii = utf8[i] >= 0;
        }
        if (ascii) {
            return new String(utf8, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("it is not valid UTF-8");
        }
    }

    private static JsonElement strictValue(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT:
                JsonObject o = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    // the live map's put answers the value it replaced: one lookup per member, not two
                    if (o.asMap().put(name, strictValue(reader)) != null) {
                        throw new IllegalArgumentException("the member name '" + printable(name) + "' appears twice in one object");
                    }
                }
                reader.endObject();
                return o;
            case BEGIN_ARRAY:
                JsonArray a = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    a.add(strictValue(reader));
                }
                reader.endArray();
                return a;
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                String number = reader.nextString();
                if (Double.isInfinite(Double.parseDouble(number))) {
                    // I-JSON (RFC 7493 section 2.2): a number a double cannot hold is read differently by every parser
                    throw new IllegalArgumentException("a number is beyond the range of a double (RFC 7493)");
                }
                return new JsonPrimitive(new BigDecimal(number));
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new IllegalStateException("unexpected " + reader.peek());
        }
    }

    /** At most 64 characters of {@code s}, anything outside printable ASCII as {@code ?}. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    /** A member as a string if it is a JSON string, else null (numbers are not converted). */
    static String stringOnly(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    /** A member as a string if it is a string or a number, else null. */
    static String string(JsonObject o, String name) {
        if (o == null) {
            return null;
        }
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isString() || p.isNumber() ? p.getAsString() : null;
    }

    /** A member as an object, else null. */
    static JsonObject object(JsonObject o, String name) {
        if (o == null) {
            return null;
        }
        JsonElement e = o.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /** A member as a long if it is an integral number (or a string of digits), else null. */
    static Long longValue(JsonObject o, String name) {
        String s = string(o, name);
        if (s == null) {
            return null;
        }
        try {
            return Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(s.trim());
                return d == Math.rint(d) && !Double.isInfinite(d) ? (long) d : null;
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }
}
