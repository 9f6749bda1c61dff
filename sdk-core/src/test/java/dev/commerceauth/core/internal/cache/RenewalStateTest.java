package dev.commerceauth.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The refresh-token state machine's transitions; each returns a new state and leaves the old one as it was. */
class RenewalStateTest {

    @Test
    void aFullGrantStartsWithNothing() {
        RenewalState s = RenewalState.startingWith(null);
        assertNull(s.refreshToken());
        assertNull(s.ownRefreshToken());
        assertEquals(RenewalState.UNKNOWN, s.issuedAt());
        assertFalse(s.adopted());
        assertFalse(s.codeSpent());
        assertNull(s.fallback());
        assertTrue(s.isOlderThan(0), "any issue time is newer than an unknown one");
    }

    @Test
    void aRefreshTokenGrantStartsWithItsOwnToken() {
        RenewalState s = RenewalState.startingWith("rt-0");
        assertEquals("rt-0", s.refreshToken());
        assertEquals("rt-0", s.ownRefreshToken());
        assertFalse(s.adopted());
    }

    @Test
    void aRotatedTokenObtainedByTheCacheIsItsOwn() {
        RenewalState before = RenewalState.startingWith(null);
        RenewalState s = before.rotated("rt-1", 1_000, false);
        assertEquals("rt-1", s.refreshToken());
        assertEquals("rt-1", s.ownRefreshToken());
        assertEquals(1_000, s.issuedAt());
        assertFalse(s.adopted());
        assertNull(s.fallback());
        assertTrue(s.isOlderThan(1_001));
        assertFalse(s.isOlderThan(1_000), "only a strictly newer token replaces it");
        assertNull(before.refreshToken(), "immutable");
    }

    @Test
    void anAdoptedTokenIsUsedNextButTheOwnOneIsKeptAsFallback() {
        RenewalState own = RenewalState.startingWith(null).rotated("rt-1", 1_000, false);
        RenewalState s = own.rotated("rt-store", 2_000, true);
        assertEquals("rt-store", s.refreshToken());
        assertEquals("rt-1", s.ownRefreshToken());
        assertTrue(s.adopted());
        assertEquals("rt-1", s.fallback());
        // a token rotated by the cache itself replaces both and ends the adoption
        RenewalState next = s.rotated("rt-2", 3_000, false);
        assertEquals("rt-2", next.ownRefreshToken());
        assertFalse(next.adopted());
        assertNull(next.fallback());
    }

    @Test
    void thereIsNoFallbackToTheSameTokenOrToNone() {
        RenewalState same = RenewalState.startingWith(null).rotated("rt-1", 1_000, false).rotated("rt-1", 2_000, true);
        assertNull(same.fallback());
        RenewalState none = RenewalState.startingWith(null).rotated("rt-store", 2_000, true);
        assertNull(none.fallback());
    }

    @Test
    void aRejectionDropsBothRefreshTokensAndKeepsTheRest() {
        RenewalState s = RenewalState.startingWith(null).rotated("rt-1", 1_000, false).spent();
        RenewalState rejected = s.rejected();
        assertNull(rejected.refreshToken());
        assertNull(rejected.ownRefreshToken());
        assertEquals(1_000, rejected.issuedAt());
        assertTrue(rejected.codeSpent());
        assertEquals("rt-1", s.refreshToken(), "immutable");
    }

    @Test
    void spendingTheCodeKeepsTheRefreshTokens() {
        RenewalState s = RenewalState.startingWith(null).rotated("rt-1", 1_000, false);
        RenewalState spent = s.spent();
        assertTrue(spent.codeSpent());
        assertFalse(s.codeSpent());
        assertEquals("rt-1", spent.refreshToken());
        assertTrue(spent.rotated("rt-2", 2_000, false).codeSpent(), "a spent code stays spent");
    }

    @Test
    void toStringNeverShowsARefreshToken() {
        RenewalState s = RenewalState.startingWith("rt-secret-0").rotated("rt-secret-1", 1, true);
        assertFalse(s.toString().contains("rt-secret"), s.toString());
        assertTrue(s.toString().contains("adopted=true"), s.toString());
    }
}
