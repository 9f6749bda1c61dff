package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.RefreshTokenGrant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The server rotates refresh tokens and revokes each one on use (Shopware does). */
class RotationTest extends CacheTestSupport {

    private static void assertAll(String expected, List<Object> outcomes) {
        for (Object o : outcomes) {
            if (!(o instanceof AccessToken t) || !t.value().equals(expected)) {
                throw new AssertionError("expected " + expected + " but a caller got " + o);
            }
        }
    }

    @Test
    void fiftyConcurrentCallersAfterExpiryCauseOneRefreshAndNoInvalidGrant() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider(PASSWORD).build()) {
            assertEquals("at-1", tokens.token().value());
            for (int round = 2; round <= 4; round++) {
                clock.advanceSeconds(600);
                server.hold = new CountDownLatch(1);
                List<Object> outcomes = concurrently(50, tokens::token, () -> { server.hold.countDown(); });
                server.hold = null;
                assertAll("at-" + round, outcomes);
            }
            assertEquals(0, server.invalidGrants.get());
            assertEquals(1, server.count("password"));
            assertEquals(3, server.count("refresh_token"));
            // each refresh used the refresh token rotated by the previous one
            assertEquals(List.of("rt-1", "rt-2", "rt-3"), server.hits.stream()
                    .filter(h -> h.grantType().equals("refresh_token")).map(TokenServer.Hit::refreshToken).toList());
        }
    }

    @Test
    void fiftyConcurrentCallersInsideTheSoftMarginCauseOneBackgroundRefresh() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider(PASSWORD).build()) {
            tokens.token();
            clock.advanceSeconds(520);
            server.hold = new CountDownLatch(1);
            List<Object> outcomes = concurrently(50, tokens::token, null);
            assertAll("at-1", outcomes); // nobody waited for the refresh
            server.hold.countDown();
            settle();
            assertEquals("at-2", tokens.token().value());
            assertEquals(1, server.count("refresh_token"));
            assertEquals(0, server.invalidGrants.get());
        }
    }

    @Test
    void aRejectedRefreshTokenFallsBackToExactlyOneFullGrant() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider(PASSWORD).build()) {
            tokens.token();
            server.revokeAllRefreshTokens();
            clock.advanceSeconds(600);
            server.hold = new CountDownLatch(1);
            List<Object> outcomes = concurrently(50, tokens::token, () -> { server.hold.countDown(); });
            assertAll("at-2", outcomes);
            assertEquals(1, server.invalidGrants.get());
            assertEquals(2, server.count("password"), "exactly one full re-grant");
            assertEquals(1, server.count("refresh_token"));
            // and the new refresh token is used next time
            clock.advanceSeconds(600);
            server.hold = null;
            assertEquals("at-3", tokens.token().value());
            assertEquals(2, server.count("refresh_token"));
        }
    }

    @Test
    void aRejectedRefreshTokenOfAJwtBearerGrantReGrantsWithTheAssertion() throws Exception {
        JwtBearerGrant jwt = JwtBearerGrant.builder().clientId("cl-app").clientSecret("cl-secret")
                .assertion("eyJhbGciOiJSUzUxMiJ9.e30.c2ln").build();
        try (CachingTokenProvider tokens = provider(jwt).build()) {
            tokens.token();
            server.revokeAllRefreshTokens();
            clock.advanceSeconds(3600);
            assertEquals("at-2", tokens.token().value());
            assertEquals(2, server.count("urn:ietf:params:oauth:grant-type:jwt-bearer"));
        }
    }

    @Test
    void anAuthorizationCodeIsNeverReplayedTheUserMustReAuthorize() throws Exception {
        AuthorizationCodeGrant code = AuthorizationCodeGrant.builder().clientId("cl-webapp")
                .clientSecret("cl-secret").code("one-time-code").redirectUri("https://app.example/cb").build();
        try (CachingTokenProvider tokens = provider(code).build()) {
            assertEquals("at-1", tokens.token().value());
            clock.advanceSeconds(3600);
            assertEquals("at-2", tokens.token().value()); // refreshed with rt-1
            server.revokeAllRefreshTokens();
            clock.advanceSeconds(3600);
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(e.isInvalidGrant());
            assertTrue(e.getMessage().contains("re-authorize"), e.getMessage());
            assertEquals(1, server.count("authorization_code"), "the code is exchanged once");
            clock.advanceSeconds(120);
            e = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(e.getMessage().contains("re-authorize"), e.getMessage());
            assertEquals(1, server.count("authorization_code"));
        }
    }

    @Test
    void aRateLimitOrAServerErrorOnTheCodeExchangeDoesNotSpendTheCode() throws Exception {
        AuthorizationCodeGrant code = AuthorizationCodeGrant.builder().clientId("cl-webapp")
                .clientSecret("cl-secret").code("one-time-code").redirectUri("https://app.example/cb").build();
        try (CachingTokenProvider tokens = provider(code).build()) {
            server.failWith(429, "too_many_requests");
            assertThrows(RateLimitedException.class, tokens::token);
            clock.advanceSeconds(600);
            server.failWith(503, "temporarily_unavailable");
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(e.isRetryable(), e.getMessage());
            clock.advanceSeconds(600);
            server.recover();
            assertEquals("at-1", tokens.token().value(), "the server never judged the code: it is tried again");
            assertEquals(3, server.count("authorization_code"));
        }
    }

    @Test
    void aRejectedCodeIsNotSentAgain() throws Exception {
        AuthorizationCodeGrant code = AuthorizationCodeGrant.builder().clientId("cl-webapp")
                .clientSecret("cl-secret").code("one-time-code").redirectUri("https://app.example/cb").build();
        try (CachingTokenProvider tokens = provider(code).build()) {
            server.failWith(400, "invalid_grant");
            assertThrows(OAuthErrorException.class, tokens::token);
            server.recover();
            clock.advanceSeconds(600);
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(e.getMessage().contains("re-authorize"), e.getMessage());
            assertEquals(1, server.count("authorization_code"));
        }
    }

    @Test
    void clientCredentialsAlwaysReAuthenticatesAndIgnoresRefreshTokens() throws Exception {
        server.refreshTokensForClientCredentials = true;
        try (CachingTokenProvider tokens = provider(CLIENT_CREDENTIALS).build()) {
            tokens.token();
            clock.advanceSeconds(3600);
            tokens.token();
            assertEquals(2, server.count("client_credentials"));
            assertEquals(0, server.count("refresh_token"));
        }
    }

    @Test
    void aRefreshTokenGrantKeepsTheRotatedRefreshToken() throws Exception {
        server.addRefreshToken("rt-from-app");
        RefreshTokenGrant grant = RefreshTokenGrant.builder().clientId("administration").refreshToken("rt-from-app").build();
        try (CachingTokenProvider tokens = provider(grant).build()) {
            assertEquals("at-1", tokens.token().value());
            clock.advanceSeconds(3600);
            assertEquals("at-2", tokens.token().value());
            assertEquals(List.of("rt-from-app", "rt-1"), server.hits.stream()
                    .map(TokenServer.Hit::refreshToken).toList());
            server.revokeAllRefreshTokens();
            clock.advanceSeconds(3600);
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(e.getMessage().contains("re-authorize"), e.getMessage());
        }
    }
}
