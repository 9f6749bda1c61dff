package dev.commerceauth.commercelayer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a {@link CommerceLayerAssertion}: copies caller-supplied claim values into immutable
 * trees of JSON values, and writes them compactly the way JavaScript's {@code JSON.stringify}
 * does (which {@code @commercelayer/js-auth}'s {@code createAssertion} uses): members in insertion
 * order, no whitespace, only {@code "}, the backslash and control characters escaped (lower-case
 * {@code \\u00xx}), non-ASCII text as is (UTF-8 on the wire), numbers in JavaScript's form.
 */
final class AssertionJson {

    /** Deeper values are refused (and so are cycles). */
    static final int MAX_DEPTH = 32;

    private AssertionJson() {
    }

    /**
     * An immutable copy of a JSON value: {@code null}, a {@link String}, a {@link Boolean}, a finite
     * {@link Number}, a {@link Map} with {@link String} keys or an {@link Iterable} or array of such
     * values.
     *
     * @param value the value
     * @param where its path, for messages (never the value itself)
     * @param depth the nesting so far
     * @return the copy
     * @throws IllegalArgumentException naming the path of an unsupported value
     */
    static Object copy(Object value, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(where + " is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null || value instanceof Boolean) {
            return value;
        }
        if (value instanceof String) {
            return checkText((String) value, where);
        }
        if (value instanceof Number) {
            return number((Number) value, where);
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException(where + " has a key that is not a String");
                }
                String key = checkText((String) e.getKey(), where + " key");
                copy.put(key, copy(e.getValue(), where + "." + key, depth + 1));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Iterable || value instanceof Object[]) {
            Iterable<?> items = value instanceof Object[] ? java.util.Arrays.asList((Object[]) value) : (Iterable<?>) value;
            List<Object> copy = new ArrayList<>();
            for (Object item : items) {
                copy.add(copy(item, where + "[" + copy.size() + "]", depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException(where + " is a " + value.getClass().getName()
                + "; use null, String, Boolean, Number, Map<String, ?>, Iterable or an array of them");
    }

    static String checkText(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(where + " has an unpaired surrogate character at position " + i);
            }
        }
        return text;
    }

    private static Number number(Number n, String where) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger || n instanceof BigDecimal) {
            return n;
        }
        if (n instanceof Double || n instanceof Float) {
            if (Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
                throw new IllegalArgumentException(where + " is not a finite number");
            }
            return n;
        }
        throw new IllegalArgumentException(where + " is a " + n.getClass().getName()
                + "; use Integer, Long, Short, Byte, BigInteger, BigDecimal, Double or Float");
    }

    /**
     * Writes a value made by {@link #copy} (or a map of them) as compact JSON.
     *
     * @param value the value
     * @param out where to write
     */
    static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean) {
            out.append(value.toString());
        } else if (value instanceof String) {
            string((String) value, out);
        } else if (value instanceof Number) {
            out.append(javaScriptNumber((Number) value));
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string((String) e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else {
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                out.append(first ? "" : ",");
                first = false;
                write(item, out);
            }
            out.append(']');
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /**
     * A number as JavaScript's {@code Number.prototype.toString} writes it: integers in full up to
     * 21 digits, decimals between 1e-7 and 1e21 in plain notation, others as {@code 1.5e+21} /
     * {@code 1e-7}. Doubles start from Java's shortest representation ({@link Double#toString}).
     */
    static String javaScriptNumber(Number n) {
        BigDecimal d;
        if (n instanceof BigDecimal) {
            d = (BigDecimal) n;
        } else if (n instanceof BigInteger) {
            d = new BigDecimal((BigInteger) n);
        } else if (n instanceof Double || n instanceof Float) {
            d = new BigDecimal(n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(n.doubleValue()));
        } else {
            return Long.toString(n.longValue());
        }
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        int point = d.precision() - d.scale(); // value = 0.<digits> x 10^point
        if (point > -6 && point <= 21) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        int exponent = point - 1;
        return (d.signum() < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "")
                + "e" + (exponent > 0 ? "+" : "-") + Math.abs(exponent);
    }
}
