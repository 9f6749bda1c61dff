package dev.commerceauth.emulator.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void parsesEveryType() {
        Map<String, Object> m = Json.parseObject(
                " {\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\",\"i\":-12,\"d\":1.5e2,\"t\":true,\"f\":false,\"n\":null,"
                        + "\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}} ");
        assertEquals("a\"b\\c/\né", m.get("s"));
        assertEquals(-12L, m.get("i"));
        assertEquals(new BigDecimal("1.5e2"), m.get("d"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Boolean.FALSE, m.get("f"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
        assertEquals(Arrays.asList(1L, List.of(), Map.of()), m.get("a"));
        assertEquals(Map.of("k", "v"), m.get("o"));
    }

    @Test
    void bigIntegersBecomeBigDecimal() {
        assertEquals(new BigDecimal("123456789012345678901234567890"), Json.parse("123456789012345678901234567890"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}",
        "'a'", "\"abc", "\"a\u0001\"", "\"\\x\"", "\"\\u12\"", "01", "1.", "-", "1e", "tru", "nul", "{} x",
        "{\"access_token\":\"eyJ", "+1", ".5"})
    void rejectsMalformedJson(String text) {
        assertThrows(JsonException.class, () -> Json.parse(text));
    }

    @Test
    void rejectsNonObjectWhereObjectExpected() {
        assertThrows(JsonException.class, () -> Json.parseObject("[]"));
        assertThrows(JsonException.class, () -> Json.parse(null));
    }

    @Test
    void rejectsExcessiveNesting() {
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void writesAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"\\\n\r\t\b\f\u0001\u2028é");
        m.put("l", 42L);
        m.put("i", 7);
        m.put("d", 2.0);
        m.put("x", 0.25);
        m.put("b", true);
        m.put("n", null);
        m.put("list", List.of("a", 1L));
        m.put("arr", new Object[] {"z"});
        m.put("empty", Map.of());
        String text = Json.write(m);
        assertEquals("{\"s\":\"q\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u2028é\",\"l\":42,\"i\":7,\"d\":2,\"x\":0.25,"
                + "\"b\":true,\"n\":null,\"list\":[\"a\",1],\"arr\":[\"z\"],\"empty\":{}}", text);
        Map<String, Object> back = Json.parseObject(text);
        assertEquals(m.get("s"), back.get("s"));
        assertEquals(List.of("z"), back.get("arr"));
    }

    @Test
    void refusesUnwritableValues() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "a")));
    }
}
