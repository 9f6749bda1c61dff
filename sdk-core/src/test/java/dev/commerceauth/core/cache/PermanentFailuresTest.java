package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * Failures that are no verdict on the credentials (an unusable answer, a bug in a client) keep a still-valid token
 * and back off; an unsupported grant is rejected when the provider is built.
 */
class PermanentFailuresTest extends CacheTestSupport {

    @Test
    void anUnusableAnswerDuringRefreshAheadKeepsTheValidTokenAndIsThrownOnlyOnceNoTokenIsUsable() throws Exception {
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().build()) {
            AccessToken first = tokens.token();
            server.failure = p -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody("{\"access_token\":\"mac-token-value\",\"token_type\":\"mac\",\"expires_in\":600}");
            clock.advanceSeconds(520);
            assertEquals(first, tokens.token()); // starts the refresh ahead
            settle();
            assertSame(first, tokens.token(), "an unusable answer is no verdict on the credentials: keep the valid token");
            assertEquals(2, server.requests.get(), "no new attempt inside the backoff");
            clock.advanceSeconds(75); // inside the hard margin: the token may no longer be handed out
            InvalidResponseException e = assertThrows(InvalidResponseException.class, tokens::token);
            assertFalse(e.isRetryable());
            assertEquals(3, server.requests.get(), "one request for the callers once no token was usable");
        }
    }

    /**
     * Issue 13 items 8 and 9: a bug in a client (here an IllegalArgumentException) is no verdict on the credentials:
     * the valid token is kept and the provider backs off; once no token is left, each caller gets a TokenException
     * of its own whose cause is the client's exception. (Until issue 13 it dropped the token and was rethrown as
     * itself.)
     */
    @Test
    void anIllegalArgumentFromTheClientKeepsTheValidTokenAndReachesCallersAsTheCauseOfATokenException() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        IllegalArgumentException bug = new IllegalArgumentException("client misconfigured");
        StubTokenClient stub = new StubTokenClient(clock, g -> {
            if (broken.get()) {
                throw bug;
            }
            Instant now = clock.instant();
            return StubTokenClient.token("stub-token", now, now.plusSeconds(600));
        });
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(stub, CLIENT_CREDENTIALS).executor(executor).build()) {
            AccessToken first = tokens.token();
            broken.set(true);
            clock.advanceSeconds(520);
            assertEquals(first, tokens.token());
            settle();
            assertSame(first, tokens.token(), "no verdict on the credentials: the valid token is kept");
            assertEquals(2, stub.requests.get(), "no new attempt inside the backoff");
            clock.advanceSeconds(55); // inside the hard margin: no token is left
            TokenException e = assertThrows(TokenException.class, tokens::token);
            assertSame(TokenException.class, e.getClass());
            assertSame(bug, e.getCause());
            assertEquals(3, stub.requests.get());
        }
    }

    @Test
    void buildingAProviderForAnUnsupportedGrantFailsAtOnceNamingTheSupportedGrants() {
        TokenClient shopware = ShopwareAuth.builder().shopUrl(server.baseUrl()).clock(clock).build();
        Grant code = AuthorizationCodeGrant.builder().clientId("w").clientSecret("s").code("c")
                .redirectUri("https://app.example/cb").build();
        assertFalse(shopware.supports(code));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CachingTokenProvider.builder(shopware, code).build());
        assertTrue(e.getMessage().contains("does not support the authorization_code grant"), e.getMessage());
        assertTrue(e.getMessage().endsWith("supports client_credentials, password, refresh_token"), e.getMessage());

        TokenClient sellytics = SellyticsAuth.builder().tokenUrl(server.keycloakUrl()).clock(clock).build();
        e = assertThrows(IllegalArgumentException.class, () -> sellytics.tokenProvider(PASSWORD));
        assertTrue(e.getMessage().endsWith("supports client_credentials"), e.getMessage());

        assertTrue(client.supports(code), "Commerce Layer supports all five grants");
        assertEquals(0, server.requests.get());
    }

    @Test
    void aClientThatDoesNotOverrideSupportsAcceptsEveryGrant() {
        StubTokenClient stub = new StubTokenClient(clock, g -> null);
        assertTrue(stub.supports(PASSWORD));
        CachingTokenProvider.builder(stub, PASSWORD).executor(executor).build().close();
    }
}
