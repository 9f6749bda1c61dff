package dev.commerceauth.emulator.internal;

import com.google.gson.JsonSyntaxException;
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

class JsonCodecTest {

    @Test
    void parsesEveryType() {
        Map<String, Object> m = JsonCodec.parseObject(
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
        assertEquals(new BigDecimal("123456789012345678901234567890"), JsonCodec.parse("123456789012345678901234567890"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}",
        "'a'", "\"abc", "\"a\u0001\"", "\"\\x\"", "\"\\u12\"", "01", "1.", "-", "1e", "tru", "nul", "{} x",
        "{\"access_token\":\"eyJ", "+1", ".5"})
    void rejectsMalformedJson(String text) {
        assertThrows(JsonSyntaxException.class, () -> JsonCodec.parse(text));
    }

    /** What Gson's reader accepts only when lenient (or silently skips), and numbers beyond every range. */
    @ParameterizedTest
    @ValueSource(strings = {"{}/*c*/", "{} # c", "\ufeff{}", "TRUE", "NaN", "-Infinity", "\"\\'\"", "[1;2]",
        "{\"a\"=1}", "{\"a\"=>1}", "[,1]", "[1,,2]", "{\"a\":1}{}", "{\"a\":1} [2]", "1e99999999999",
        "{\"n\":-1e-99999999999}"})
    void rejectsWhatOnlyALenientReaderAccepts(String text) {
        assertThrows(JsonSyntaxException.class, () -> JsonCodec.parse(text));
    }

    @Test
    void nestingIsLimitedTo64Levels() {
        assertEquals(List.of(), unwrap(JsonCodec.parse("[".repeat(65) + "]".repeat(65)), 64));
        assertThrows(JsonSyntaxException.class, () -> JsonCodec.parse("[".repeat(66) + "]".repeat(66)));
        assertThrows(JsonSyntaxException.class, () -> JsonCodec.parse("[".repeat(65) + "1" + "]".repeat(65)));
    }

    private static Object unwrap(Object value, int levels) {
        Object inner = value;
        for (int i = 0; i < levels; i++) {
            inner = ((List<?>) inner).get(0);
        }
        return inner;
    }

    @Test
    void aRepeatedNameKeepsItsFirstPlaceAndItsLastValue() {
        Map<String, Object> m = JsonCodec.parseObject("{\"a\":1,\"b\":2,\"a\":3}");
        assertEquals(List.of("a", "b"), List.copyOf(m.keySet()));
        assertEquals(3L, m.get("a"));
    }

    @Test
    void integersOfUpTo18CharactersAreLongsEverythingElseBigDecimal() {
        assertEquals(0L, JsonCodec.parse("-0"));
        assertEquals(-99999999999999999L, JsonCodec.parse("-99999999999999999"));
        assertEquals(new BigDecimal("-999999999999999999"), JsonCodec.parse("-999999999999999999"));
        assertEquals(new BigDecimal("9223372036854775807"), JsonCodec.parse("9223372036854775807"));
        assertEquals("1E+5", JsonCodec.parse("1e5").toString());
        assertEquals("2.50", JsonCodec.parse("2.50").toString());
    }

    @Test
    void rejectsNonObjectWhereObjectExpected() {
        assertThrows(JsonSyntaxException.class, () -> JsonCodec.parseObject("[]"));
        assertThrows(JsonSyntaxException.class, () -> JsonCodec.parse(null));
    }

    @Test
    void rejectsExcessiveNesting() {
        assertThrows(JsonSyntaxException.class, () -> JsonCodec.parse("[".repeat(100) + "]".repeat(100)));
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
        String text = JsonCodec.write(m);
        assertEquals("{\"s\":\"q\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u2028é\",\"l\":42,\"i\":7,\"d\":2,\"x\":0.25,"
                + "\"b\":true,\"n\":null,\"list\":[\"a\",1],\"arr\":[\"z\"],\"empty\":{}}", text);
        Map<String, Object> back = JsonCodec.parseObject(text);
        assertEquals(m.get("s"), back.get("s"));
        assertEquals(List.of("z"), back.get("arr"));
    }

    @Test
    void refusesUnwritableValues() {
        assertThrows(IllegalArgumentException.class, () -> JsonCodec.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> JsonCodec.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> JsonCodec.write(Map.of(1, "a")));
    }
}
