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

    @Test
    void passwordsMayHoldNonAsciiLetters() {
        Secret p = Secret.ofPassword("Passwört");
        assertEquals("Passwört", p.reveal());
        assertEquals("****", p.toString());
        assertEquals(p, Secret.ofPassword("Passwört"));
        assertEquals(p.hashCode(), Secret.ofPassword("Passwört").hashCode());
        assertNotEquals(p, Secret.ofPassword("Passwärt"));
        assertEquals("contraseña 密码 \uD83D\uDD11", Secret.ofPassword("contraseña 密码 \uD83D\uDD11").reveal());
        assertEquals(Secret.of("ascii-pass"), Secret.ofPassword("ascii-pass"));
        assertEquals("secret must contain ASCII characters only (non-ASCII character at position 5)",
                assertThrows(IllegalArgumentException.class, () -> Secret.of("Passwört")).getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "'Pass\rwort', password must not contain CR or LF characters (position 4)",
        "'Pass\nwort', password must not contain CR or LF characters (position 4)",
        "'Pass\twort', password must not contain control characters (position 4)",
        "'Pässw\u007f', password must not contain control characters (position 5)",
        "'Pässw\u0085', password must not contain control characters (position 5)",
        "'Pässw\u2028', password must not contain line or paragraph separators (position 5)",
        "'Pässw\u2029', password must not contain line or paragraph separators (position 5)",
        "'Pässw\uD83D', password must not contain unpaired surrogate characters (position 5)",
        "'P\uDD11ssw', password must not contain unpaired surrogate characters (position 1)"
    })
    void passwordsStillRejectLineBreaksAndControlCharacters(String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secret.ofPassword(value));
        assertEquals(message, e.getMessage());
    }

    @Test
    void passwordRejectsNullAndEmpty() {
        assertEquals("password must not be null",
                assertThrows(IllegalArgumentException.class, () -> Secret.ofPassword(null)).getMessage());
        assertEquals("password must not be empty",
                assertThrows(IllegalArgumentException.class, () -> Secret.ofPassword("")).getMessage());
    }
}
