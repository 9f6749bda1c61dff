package dev.commerceauth.emulator.internal;

import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's JSON bodies as plain Java values, read and written with Gson's streaming
 * {@link JsonReader} (strict RFC 8259: {@link Strictness#STRICT}, no trailing content) and
 * {@link JsonWriter}.
 *
 * <p>Reading maps objects to {@link LinkedHashMap} (a repeated member name keeps its first position
 * and its last value), arrays to {@link ArrayList}, strings to {@link String}, {@code true}/{@code false}
 * to {@link Boolean}, {@code null} to {@code null} and numbers to {@link Long} when they are integers
 * of at most 18 characters, otherwise to {@link BigDecimal}. Writing accepts the same types plus any
 * {@link Number}, {@link Collection} and arrays of objects; a {@link Double} or {@link Float} with an
 * integral value below 10<sup>15</sup> is written without a fraction.
 */
final class JsonCodec {

    /** Deeper nesting is refused, so a hostile body cannot exhaust the handler's stack. */
    private static final int MAX_DEPTH = 64;
    /** Longer integer literals become {@link BigDecimal}, so every {@link Long} read fits. */
    private static final int MAX_LONG_DIGITS = 18;
    private static final char BYTE_ORDER_MARK = '\ufeff';

    private JsonCodec() {
    }

    /**
     * Parses one JSON value; trailing non-whitespace is an error.
     *
     * @param text the JSON text
     * @return the value (see the class comment for the types)
     * @throws JsonSyntaxException if the text is not well-formed JSON
     */
    static Object parse(String text) {
        if (text == null) {
            throw new JsonSyntaxException("no JSON text");
        }
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) { // JsonReader would skip it silently
            throw new JsonSyntaxException("a byte order mark is not JSON");
        }
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            Object value = read(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonSyntaxException("unexpected trailing content at " + reader.getPath());
            }
            return value;
        } catch (IOException | IllegalStateException e) { // MalformedJsonException, EOFException
            throw new JsonSyntaxException(e.getMessage(), e);
        }
    }

    /**
     * Parses a JSON object.
     *
     * @param text the JSON text
     * @return the object's members in document order
     * @throws JsonSyntaxException if the text is not a well-formed JSON object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonSyntaxException("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static Object read(JsonReader reader, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new JsonSyntaxException("nesting deeper than " + MAX_DEPTH + " at " + reader.getPath());
        }
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT:
                Map<String, Object> members = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    members.put(name, read(reader, depth + 1));
                }
                reader.endObject();
                return members;
            case BEGIN_ARRAY:
                List<Object> elements = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    elements.add(read(reader, depth + 1));
                }
                reader.endArray();
                return elements;
            case STRING:
                return reader.nextString();
            case NUMBER:
                return number(reader.nextString());
            case BOOLEAN:
                return reader.nextBoolean();
            case NULL:
                reader.nextNull();
                return null;
            default:
                throw new JsonSyntaxException("unexpected " + token + " at " + reader.getPath());
        }
    }

    /** A number literal, already validated by the reader. */
    private static Number number(String literal) {
        boolean integral = literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
        if (integral && literal.length() <= MAX_LONG_DIGITS) {
            return Long.valueOf(literal);
        }
        try {
            return new BigDecimal(literal);
        } catch (NumberFormatException e) { // an exponent beyond an int, such as 1e99999999999
            throw new JsonSyntaxException("number out of range", e);
        }
    }

    /**
     * Writes a value as compact JSON.
     *
     * @param value a map with string keys, collection, object array, string, number, boolean or null
     * @return the JSON text
     * @throws IllegalArgumentException for other types or non-finite numbers
     */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        JsonWriter writer = new JsonWriter(out);
        writer.setSerializeNulls(true);
        writer.setHtmlSafe(false);
        try {
            write(value, writer);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(Object value, JsonWriter writer) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else if (value instanceof String) {
            writer.value((String) value);
        } else if (value instanceof Boolean) {
            writer.value(((Boolean) value).booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no representation for " + d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                writer.value((long) d);
            } else {
                writer.value(d);
            }
        } else if (value instanceof Number) {
            writer.value((Number) value);
        } else if (value instanceof Map) {
            writer.beginObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON object keys must be strings");
                }
                writer.name((String) e.getKey());
                write(e.getValue(), writer);
            }
            writer.endObject();
        } else if (value instanceof Collection || value instanceof Object[]) {
            Collection<?> elements = value instanceof Collection ? (Collection<?>) value : Arrays.asList((Object[]) value);
            writer.beginArray();
            for (Object element : elements) {
                write(element, writer);
            }
            writer.endArray();
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }
}
