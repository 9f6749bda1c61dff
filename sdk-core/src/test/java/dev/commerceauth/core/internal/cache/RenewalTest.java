package dev.commerceauth.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.TokenClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Which grant {@link Renewal} sends, and how its state moves, without HTTP: a recording client
 * answers each grant. The HTTP paths of the same rules are covered by the cache tests.
 */
class RenewalTest {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    /** A store re-read that finds nothing: the renewal's own fallbacks apply. */
    static final Supplier<AccessToken> NO_STORE = () -> null;

    static final ClientCredentialsGrant CC = ClientCredentialsGrant.builder().clientId("c").clientSecret("s").build();
    static final PasswordGrant PASSWORD = PasswordGrant.builder().clientId("c").username("alice").password("pw").build();
    static final AuthorizationCodeGrant CODE = AuthorizationCodeGrant.builder().clientId("c").clientSecret("s")
            .code("the-code").redirectUri("https://app.example/cb").build();
    static final JwtBearerGrant JWT = JwtBearerGrant.builder().clientId("c").clientSecret("s")
            .assertion("eyJhbGciOiJub25lIn0.e30.c2ln").build();
    static final RefreshTokenGrant REFRESH = RefreshTokenGrant.builder().clientId("c").refreshToken("rt-app").build();

    /** Records every grant it is sent; {@link #answer} decides the outcome. */
    static final class RecordingClient implements TokenClient {
        final List<Grant> sent = Collections.synchronizedList(new ArrayList<>());
        Function<Grant, AccessToken> answer;
        Set<String> types = null;
        int issued;

        RecordingClient(Function<Grant, AccessToken> answer) {
            this.answer = answer;
        }

        @Override
        public AccessToken requestToken(Grant grant) {
            sent.add(grant);
            return answer.apply(grant);
        }

        @Override
        public Set<String> supportedGrantTypes() {
            return types != null ? types : TokenClient.super.supportedGrantTypes();
        }

        @Override
        public void revoke(String token) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Clock clock() {
            return Clock.fixed(T0, ZoneOffset.UTC);
        }

        /** A token whose refresh token is rt-N, issued N seconds after T0. */
        AccessToken rotating(Grant g) {
            issued++;
            return token("at-" + issued, "rt-" + issued, issued);
        }

        String refreshTokenSent(int i) {
            return ((RefreshTokenGrant) sent.get(i)).refreshToken().reveal();
        }
    }

    static AccessToken token(String value, String refreshToken, long issuedSecond) {
        return AccessToken.builder().value(value).refreshToken(refreshToken).issuedAt(T0.plusSeconds(issuedSecond))
                .expiresAt(T0.plusSeconds(issuedSecond + 600)).build();
    }

    static OAuthErrorException invalidGrant() {
        return new OAuthErrorException("rejected", 400, "invalid_grant", null, null, null, "");
    }

    @Test
    void clientCredentialsAreSentEveryTimeAndRefreshTokensIgnored() {
        RecordingClient client = new RecordingClient(null);
        client.answer = client::rotating;
        Renewal r = new Renewal(client, CC);
        r.obtain(NO_STORE);
        r.obtain(NO_STORE);
        assertSame(CC, client.sent.get(0));
        assertSame(CC, client.sent.get(1));
        assertNull(r.state().refreshToken());
        r.adopt(token("stored", "rt-store", 99));
        assertNull(r.state().refreshToken(), "client credentials never adopt a refresh token");
    }

    @Test
    void aPasswordGrantRenewsWithEachRotatedRefreshToken() {
        RecordingClient client = new RecordingClient(null);
        client.answer = client::rotating;
        Renewal r = new Renewal(client, PASSWORD);
        assertEquals("at-1", r.obtain(NO_STORE).value());
        assertSame(PASSWORD, client.sent.get(0));
        assertEquals("rt-1", r.state().ownRefreshToken());
        assertEquals("at-2", r.obtain(NO_STORE).value());
        assertEquals("at-3", r.obtain(NO_STORE).value());
        assertEquals("rt-1", client.refreshTokenSent(1));
        assertEquals("rt-2", client.refreshTokenSent(2));
        RefreshTokenGrant refresh = (RefreshTokenGrant) client.sent.get(1);
        assertEquals(PASSWORD.clientId(), refresh.clientId());
        assertEquals("rt-3", r.state().refreshToken());
        assertEquals(T0.plusSeconds(3).toEpochMilli(), r.state().issuedAt());
    }

    @Test
    void aRejectedRefreshTokenOfAPasswordOrJwtGrantLeadsToExactlyOneFullGrant() {
        for (Grant grant : new Grant[] {PASSWORD, JWT}) {
            RecordingClient client = new RecordingClient(null);
            client.answer = g -> {
                if (g instanceof RefreshTokenGrant) {
                    throw invalidGrant();
                }
                return client.rotating(g);
            };
            Renewal r = new Renewal(client, grant);
            r.obtain(NO_STORE);
            assertEquals("at-2", r.obtain(NO_STORE).value());
            assertEquals(3, client.sent.size(), "full grant, rejected refresh, one full grant");
            assertSame(grant, client.sent.get(2));
            assertEquals("rt-2", r.state().refreshToken());
        }
    }

    @Test
    void aRejectedAdoptedRefreshTokenIsFollowedByTheOwnOneOnce() {
        RecordingClient client = new RecordingClient(null);
        client.answer = g -> {
            if (g instanceof RefreshTokenGrant && ((RefreshTokenGrant) g).refreshToken().reveal().equals("rt-store")) {
                throw invalidGrant();
            }
            return client.rotating(g);
        };
        Renewal r = new Renewal(client, PASSWORD);
        r.obtain(NO_STORE); // own rt-1
        r.adopt(token("stored", "rt-old", 0)); // issued before rt-1: a lost write, not adopted
        assertEquals("rt-1", r.state().refreshToken());
        r.adopt(token("stored", "rt-store", 10));
        assertTrue(r.state().adopted());
        assertEquals("at-2", r.obtain(NO_STORE).value());
        assertEquals(List.of("rt-store", "rt-1"), List.of(client.refreshTokenSent(1), client.refreshTokenSent(2)));
        assertEquals("rt-2", r.state().ownRefreshToken());
        assertFalse(r.state().adopted());
    }

    @Test
    void whenTheAdoptedAndTheOwnRefreshTokenAreRejectedOneFullGrantFollows() {
        RecordingClient client = new RecordingClient(null);
        client.answer = g -> {
            if (g instanceof RefreshTokenGrant) {
                throw invalidGrant();
            }
            return client.rotating(g);
        };
        Renewal r = new Renewal(client, PASSWORD);
        r.obtain(NO_STORE);
        r.adopt(token("stored", "rt-store", 10));
        assertEquals("at-2", r.obtain(NO_STORE).value());
        assertEquals(4, client.sent.size(), "full, adopted, own, full");
        assertSame(PASSWORD, client.sent.get(3));
    }

    @Test
    void anAuthorizationCodeIsExchangedOnceThenOnlyRefreshed() {
        RecordingClient client = new RecordingClient(null);
        client.answer = g -> {
            if (g instanceof RefreshTokenGrant) {
                throw invalidGrant();
            }
            return client.rotating(g);
        };
        Renewal r = new Renewal(client, CODE);
        r.obtain(NO_STORE);
        assertTrue(r.state().codeSpent());
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> r.obtain(NO_STORE));
        assertTrue(e.getMessage().startsWith("The refresh token was rejected and an authorization code can be"
                + " exchanged only once; the user must re-authorize"), e.getMessage());
        assertTrue(e.isInvalidGrant());
        assertEquals(400, e.httpStatus());
        int sent = client.sent.size();
        e = assertThrows(OAuthErrorException.class, () -> r.obtain(NO_STORE));
        assertTrue(e.getMessage().startsWith("The authorization code was already exchanged"), e.getMessage());
        assertEquals(0, e.httpStatus(), "no request was sent");
        assertEquals(sent, client.sent.size());
    }

    @Test
    void aRateLimitOrServerErrorDoesNotSpendTheCodeButARejectionDoes() {
        RateLimitedException limited = new RateLimitedException("slow down", 429, "too_many_requests", null, null,
                null, "", Duration.ofSeconds(1));
        OAuthErrorException down = new OAuthErrorException("down", 503, "server_error", null, null, null, "");
        for (OAuthErrorException notAVerdict : new OAuthErrorException[] {limited, down}) {
            RecordingClient client = new RecordingClient(g -> {
                throw notAVerdict;
            });
            Renewal r = new Renewal(client, CODE);
            assertThrows(OAuthErrorException.class, () -> r.obtain(NO_STORE));
            assertFalse(r.state().codeSpent(), notAVerdict.getMessage());
        }
        RecordingClient client = new RecordingClient(g -> {
            throw invalidGrant();
        });
        Renewal r = new Renewal(client, CODE);
        assertThrows(OAuthErrorException.class, () -> r.obtain(NO_STORE));
        assertTrue(r.state().codeSpent());
        assertThrows(OAuthErrorException.class, () -> r.obtain(NO_STORE));
        assertEquals(1, client.sent.size(), "a judged code is never sent again");
    }

    @Test
    void aRefreshTokenGrantStartsWithItselfAndFailsOnceItsTokensAreRejected() {
        RecordingClient client = new RecordingClient(null);
        client.answer = client::rotating;
        Renewal r = new Renewal(client, REFRESH);
        assertEquals("rt-app", r.state().refreshToken());
        r.obtain(NO_STORE);
        assertSame(REFRESH, client.sent.get(0), "its own refresh token is sent as the grant itself");
        r.obtain(NO_STORE);
        assertEquals("rt-1", client.refreshTokenSent(1));
        client.answer = g -> {
            throw invalidGrant();
        };
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> r.obtain(NO_STORE));
        assertTrue(e.getMessage().startsWith("The refresh token was rejected; the user must re-authorize"),
                e.getMessage());
        int sent = client.sent.size();
        e = assertThrows(OAuthErrorException.class, () -> r.obtain(NO_STORE));
        assertTrue(e.getMessage().startsWith("No usable refresh token is left"), e.getMessage());
        assertEquals(sent, client.sent.size());
    }

    @Test
    void aClientWithoutTheRefreshTokenGrantGetsTheFullGrantEveryTime() {
        RecordingClient client = new RecordingClient(null);
        client.answer = client::rotating;
        client.types = new HashSet<>(List.of(PasswordGrant.GRANT_TYPE));
        Renewal r = new Renewal(client, PASSWORD);
        r.obtain(NO_STORE);
        r.obtain(NO_STORE);
        assertSame(PASSWORD, client.sent.get(1));
        assertEquals("rt-2", r.state().refreshToken(), "still remembered, for a client that supports it");
    }

    @Test
    void otherRejectionsOfARefreshArePassedOnAndKeepTheRefreshToken() {
        RecordingClient client = new RecordingClient(null);
        client.answer = client::rotating;
        Renewal r = new Renewal(client, PASSWORD);
        r.obtain(NO_STORE);
        OAuthErrorException down = new OAuthErrorException("down", 503, "server_error", null, null, null, "");
        client.answer = g -> {
            throw down;
        };
        assertSame(down, assertThrows(OAuthErrorException.class, () -> r.obtain(NO_STORE)));
        assertEquals("rt-1", r.state().refreshToken());
        assertEquals(2, client.sent.size());
    }
}
