package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void revealsValueButNeverPrintsIt() {
        Secret s = Secret.of("s3cr3t-VALUE");
        assertEquals("s3cr3t-VALUE", s.reveal());
        assertEquals("****", s.toString());
        assertFalse(String.valueOf(s).contains("s3cr3t"));
    }

    @Test
    void equalityByValue() {
        assertEquals(Secret.of("abc"), Secret.of("abc"));
        assertEquals(Secret.of("abc").hashCode(), Secret.of("abc").hashCode());
        assertNotEquals(Secret.of("abc"), Secret.of("abd"));
        assertNotEquals(Secret.of("abc"), "abc");
    }

    @Test
    void rejectsNullAndEmpty() {
        assertEquals("secret must not be null",
                assertThrows(IllegalArgumentException.class, () -> Secret.of(null)).getMessage());
        assertEquals("secret must not be empty",
                assertThrows(IllegalArgumentException.class, () -> Secret.of("")).getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "'ab\rcd', secret must not contain CR or LF characters (position 2)",
        "'ab\ncd', secret must not contain CR or LF characters (position 2)",
        "'ab\tcd', secret must not contain control characters (position 2)",
        "'ab\u0000cd', secret must not contain control characters (position 2)",
        "'ab\u007fcd', secret must not contain control characters (position 2)",
        "'abcü', secret must contain ASCII characters only (non-ASCII character at position 3)"
    })
    void rejectsForbiddenCharactersWithoutEchoingTheValue(String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secret.of(value));
        assertEquals(message, e.getMessage());
    }
}
