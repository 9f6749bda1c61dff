package dev.commerceauth.core;

import static dev.commerceauth.core.ScopeTest.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String VALUE = "eyJhbGciOiJSUzUxMiJ9.payload.signatureA9Xz";

    private static AccessToken.Builder base() {
        return AccessToken.builder().value(VALUE).tokenType("bearer").issuedAt(T0).expiresAt(T0.plusSeconds(600))
                .scope(Scope.of("write"));
    }

    @Test
    void accessorsAndLifetime() {
        AccessToken t = base().refreshToken("refresh-xyz").extraField("created_at", 1710943230L)
                .extraField("skipped", null).build();
        assertEquals(VALUE, t.value());
        assertEquals("bearer", t.tokenType());
        assertEquals(T0, t.issuedAt());
        assertEquals(T0.plusSeconds(600), t.expiresAt());
        assertEquals(Duration.ofMinutes(10), t.lifetime());
        assertEquals(Scope.of("write"), t.scope());
        assertEquals(Optional.of("refresh-xyz"), t.refreshToken());
        assertEquals(1, t.extraFields().size());
        assertEquals(1710943230L, t.extraFields().get("created_at"));
        assertThrows(UnsupportedOperationException.class, () -> t.extraFields().put("x", 1));
        assertEquals(Scope.none(), base().scope(null).build().scope());
        assertFalse(base().build().refreshToken().isPresent());
    }

    @Test
    void expiryAgainstAMockedClock() {
        AccessToken t = base().build();
        Clock clock = mock(Clock.class);
        when(clock.instant()).thenReturn(T0.plusSeconds(599));
        assertFalse(t.isExpired(clock));
        assertTrue(t.expiresWithin(Duration.ofSeconds(1), clock));
        assertFalse(t.expiresWithin(Duration.ZERO, clock));
        when(clock.instant()).thenReturn(T0.plusSeconds(600));
        assertTrue(t.isExpired(clock));
        when(clock.instant()).thenReturn(T0);
        assertFalse(t.expiresWithin(Duration.ofSeconds(599), clock));
        assertTrue(t.expiresWithin(Duration.ofSeconds(600), clock));
        assertEquals("margin must not be negative", msg(() -> t.expiresWithin(Duration.ofSeconds(-1), clock)));
    }

    @Test
    void toStringMasks() {
        AccessToken t = base().refreshToken("refresh-xyz-secret").extraField("session_state", "abc").build();
        String s = t.toString();
        assertTrue(s.contains("value=eyJh\u2026A9Xz"), s);
        assertFalse(s.contains(VALUE));
        assertFalse(s.contains("refresh-xyz-secret"));
        assertTrue(s.contains("refreshToken=****"));
        assertTrue(s.contains("extraFields=[session_state]"));
        String shortToken = AccessToken.builder().value("short-token").issuedAt(T0).expiresAt(T0).build().toString();
        assertTrue(shortToken.contains("value=****"), shortToken);
        assertFalse(shortToken.contains("short-token"));
    }

    @Test
    void equality() {
        assertEquals(base().build(), base().build());
        assertEquals(base().build().hashCode(), base().build().hashCode());
        assertNotEquals(base().build(), base().refreshToken("r").build());
        assertNotEquals(base().build(), base().expiresAt(T0.plusSeconds(1)).build());
    }

    @Test
    void validation() {
        assertEquals("value must not be blank", msg(() -> base().value(null).build()));
        assertEquals("value must not be blank", msg(() -> base().value(" ").build()));
        assertEquals("tokenType must not be blank", msg(() -> base().tokenType("").build()));
        assertEquals("issuedAt must not be null", msg(() -> base().issuedAt(null).build()));
        assertEquals("expiresAt must not be null", msg(() -> base().expiresAt(null).build()));
        assertEquals("expiresAt must not be before issuedAt", msg(() -> base().expiresAt(T0.minusSeconds(1)).build()));
        assertEquals("refreshToken must not be blank when set", msg(() -> base().refreshToken(" ").build()));
        assertEquals("extra field name must not be empty", msg(() -> base().extraField("", 1)));
        assertEquals("extra field owner must be a String, Number or Boolean, not java.util.ArrayList",
                msg(() -> base().extraField("owner", new java.util.ArrayList<String>())));
    }
}
