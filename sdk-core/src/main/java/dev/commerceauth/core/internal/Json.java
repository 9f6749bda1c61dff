package dev.commerceauth.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

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
