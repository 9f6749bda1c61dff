package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.shopware.ShopwareAuth;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 item 8: only a verdict on the credentials (invalid_client, unauthorized_client, invalid_grant on the
 * grant itself, invalid_scope, Shopware's credential codes) drops a token that is still usable. Any other failure
 * of a refresh ahead keeps serving the valid token and backs off, and is thrown only once no token is left.
 * Tokens live 600 s: soft margin from 510 s, hard margin from 570 s. Real HTTP against the loopback server.
 */
class CredentialVerdictTest extends CacheTestSupport {

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** Answers that are no verdict on the credentials, and what a caller without a token gets for them. */
    static Stream<Arguments> noVerdicts() {
        return Stream.of(
                Arguments.of("a WAF's 403 {\"error\":\"blocked\"}",
                        (Supplier<MockResponse>) () -> json(403, "{\"error\":\"blocked\"}"), OAuthErrorException.class),
                Arguments.of("an unknown error shape (mapped to invalid_request)",
                        (Supplier<MockResponse>) () -> json(400, "{\"errors\":[{\"code\":\"E_GATEWAY\",\"status\":\"400\"}]}"),
                        OAuthErrorException.class),
                Arguments.of("a 200 carrying {\"errors\":[{\"status\":500}]}",
                        (Supplier<MockResponse>) () -> json(200, "{\"errors\":[{\"status\":500,\"title\":\"Internal Server Error\"}]}"),
                        OAuthErrorException.class),
                Arguments.of("an explicit invalid_request",
                        (Supplier<MockResponse>) () -> TokenServer.error(400, "invalid_request"), OAuthErrorException.class),
                Arguments.of("access_denied", (Supplier<MockResponse>) () -> TokenServer.error(403, "access_denied"),
                        OAuthErrorException.class),
                Arguments.of("unsupported_grant_type",
                        (Supplier<MockResponse>) () -> TokenServer.error(400, "unsupported_grant_type"), OAuthErrorException.class),
                Arguments.of("an HTML page", (Supplier<MockResponse>) () -> new MockResponse().setResponseCode(403)
                        .setHeader("Content-Type", "text/html").setBody("<html>Forbidden</html>"), InvalidResponseException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noVerdicts")
    void anErrorThatIsNoVerdictOnTheCredentialsKeepsServingTheValidTokenAndBacksOff(String name,
            Supplier<MockResponse> answer, Class<? extends TokenException> thrown) throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).build()) {
            AccessToken first = tokens.token();
            server.failure = p -> answer.get();
            clock.advanceSeconds(520);
            assertSame(first, tokens.token(), "this call starts the refresh ahead");
            settle();
            assertEquals(2, server.requests.get());
            assertSame(first, tokens.token(), name + " is no verdict on the credentials: the valid token is kept");
            settle();
            assertEquals(2, server.requests.get(), "backs off: no new request inside the backoff");

            clock.advanceSeconds(40); // 560 s: past the backoff, still before the hard margin
            assertSame(first, tokens.token(), "the next refresh ahead after the backoff, the token still served");
            settle();
            assertEquals(3, server.requests.get());
            assertSame(first, tokens.token());

            clock.advanceSeconds(15); // 575 s: inside the hard margin, no token is left
            TokenException e = assertThrows(TokenException.class, tokens::token);
            assertInstanceOf(thrown, e, name);
            assertEquals(4, server.requests.get(), "one request for the callers once no token was usable");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void aVerdictOnTheCredentialsDropsTheTokenAtOnce(String error, int status) throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().build()) {
            tokens.token();
            server.failWith(status, error);
            clock.advanceSeconds(520);
            tokens.token(); // starts the refresh ahead
            settle();
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token,
                    error + " is a verdict on the credentials: the token is dropped");
            assertEquals(error, e.error());
            assertEquals(2, server.requests.get(), "thrown from the backoff, no new request");
        }
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(Arguments.of("invalid_client", 401), Arguments.of("unauthorized_client", 400),
                Arguments.of("invalid_scope", 400), Arguments.of("invalid_grant", 400));
    }

    @Test
    void shopwaresCredentialCodeIsAVerdictAndItsUnknownCodeIsNot() throws Exception {
        TokenClient shopware = ShopwareAuth.builder().shopUrl(server.baseUrl()).clock(clock).build();
        ClientCredentialsGrant integration = ClientCredentialsGrant.builder().clientId("SWIAINTEGRATION")
                .clientSecret("integration-secret").build();
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(shopware, integration).executor(executor).build()) {
            AccessToken first = tokens.token();
            server.failure = p -> json(400, "{\"errors\":[{\"code\":\"FRAMEWORK__SOMETHING_ELSE\",\"status\":\"400\"}]}");
            clock.advanceSeconds(520);
            tokens.token();
            settle();
            assertSame(first, tokens.token(), "an unknown Shopware code is no verdict");

            server.failure = p -> json(401, "{\"errors\":[{\"code\":\"4\",\"status\":\"401\","
                    + "\"title\":\"Client authentication failed\",\"detail\":\"Client authentication failed\"}]}");
            clock.advanceSeconds(31); // past the first backoff
            tokens.token();
            settle();
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token, "code 4 drops the token");
            assertEquals("4", e.providerCode().orElse(null));
            assertTrue(e.isInvalidClient());
        }
    }

    @Test
    void aRejectedPasswordIsAVerdictAfterTheRejectedRefreshToken() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider(PASSWORD).build()) {
            tokens.token();
            server.revokeAllRefreshTokens();
            server.failure = p -> "password".equals(p.get("grant_type")) ? TokenServer.error(400, "invalid_grant") : null;
            clock.advanceSeconds(520);
            tokens.token(); // refresh ahead: the refresh token is rejected, then the password itself
            settle();
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token,
                    "invalid_grant on the grant itself drops the token");
            assertTrue(e.isInvalidGrant());
            assertEquals(1, server.count("refresh_token"));
            assertEquals(2, server.count("password"));
        }
    }

    @Test
    void aRejectedRefreshTokenIsNoVerdictOnTheAccessTokenStillValid() throws Exception {
        RefreshTokenGrant grant = RefreshTokenGrant.builder().clientId("administration").refreshToken("rt-from-app").build();
        server.addRefreshToken("rt-from-app");
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider(grant).build()) {
            AccessToken first = tokens.token();
            server.revokeAllRefreshTokens(); // the user logged out elsewhere, or the refresh token expired
            clock.advanceSeconds(520);
            assertSame(first, tokens.token());
            settle();
            assertEquals(1, server.invalidGrants.get());
            assertSame(first, tokens.token(), "the access token is still valid: kept until its hard margin");

            clock.advanceSeconds(55); // 575 s
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(e.getMessage().contains("re-authorize"), e.getMessage());
            assertEquals(2, server.requests.get(), "the rejected refresh token is never sent again");
        }
    }
}
