package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.core.TokenStore;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.emulator.RecordedTokenRequest;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 11: after {@code client.revoke(token)} no provider created from that client hands the token out
 * again, and a revoked refresh token is never used for renewal. Real HTTP against the embedded emulator.
 */
class RevokeThroughClientTest {

    private ManualClock clock;
    private TokenServerEmulator emulator;

    @BeforeEach
    void start() {
        clock = ManualClock.startingNow();
        emulator = TokenServerEmulator.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static final ClientCredentialsGrant SELLYTICS = ClientCredentialsGrant.builder()
            .clientId(DemoCredentials.SELLYTICS_CLIENT_ID).clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET)
            .scope(SellyticsAuth.DATA_API_SCOPE).build();

    @Test
    void aRevokedAccessTokenIsNeverHandedOutAgainByAnyProviderOfTheClient() {
        SellyticsAuth client = SellyticsAuth.builder().tokenUrl(emulator.sellyticsTokenUrl()).clock(clock)
                .revocationCredentials(DemoCredentials.SELLYTICS_CLIENT_ID, Secret.of(DemoCredentials.SELLYTICS_CLIENT_SECRET))
                .build();
        TokenStore store = TokenStore.inMemory();
        try (TokenProvider viaClient = client.tokenProvider(SELLYTICS);
                CachingTokenProvider viaBuilder = CachingTokenProvider.builder(client, SELLYTICS).build();
                CachingTokenProvider sharing = CachingTokenProvider.builder(client, SELLYTICS)
                        .tokenStore(store, emulator.sellyticsTokenUrl()).build()) {
            AccessToken a = viaClient.token();
            AccessToken b = viaBuilder.token();
            AccessToken shared = sharing.token();
            assertEquals(3, emulator.tokenRequestCount());

            client.revoke(a.value());
            AccessToken next = viaClient.token();
            assertNotEquals(a.value(), next.value(), "the revoked token is not handed out again");
            assertEquals(b, viaBuilder.token(), "another provider's token is not touched");
            assertEquals(4, emulator.tokenRequestCount());

            client.revoke(b.value());
            assertNotEquals(b.value(), viaBuilder.token().value());

            // a token shared through a store: dropped, and never adopted from the store again
            store.put(TokenStore.key(emulator.sellyticsTokenUrl(), SELLYTICS, null), shared);
            client.revoke(shared.value());
            AccessToken replaced = sharing.token();
            assertNotEquals(shared.value(), replaced.value());
            assertEquals(6, emulator.tokenRequestCount());
        }
    }

    @Test
    void aRevokedRefreshTokenIsNeverUsedForRenewal() {
        CommerceLayerAuth client = CommerceLayerAuth.builder().baseUrl(emulator.commerceLayerBaseUrl()).clock(clock).build();
        PasswordGrant login = PasswordGrant.builder()
                .clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID)
                .scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID))
                .username(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL)
                .password(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD)
                .build();
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(client, login).build()) {
            AccessToken first = tokens.token();
            String refreshToken = first.refreshToken().orElseThrow(AssertionError::new);

            client.revoke(refreshToken, login); // the customer logged out
            AccessToken next = tokens.token();
            assertNotEquals(first.value(), next.value(), "the token of a revoked refresh token is dropped");
            clock.advance(next.lifetime()); // the next token needs a renewal
            AccessToken third = tokens.token();
            assertNotEquals(next.value(), third.value());

            List<RecordedTokenRequest> requests = emulator.requests().stream().filter(RecordedTokenRequest::isTokenRequest)
                    .collect(Collectors.toList());
            assertEquals(List.of(PasswordGrant.GRANT_TYPE, PasswordGrant.GRANT_TYPE, RefreshTokenGrant.GRANT_TYPE),
                    requests.stream().map(RecordedTokenRequest::grantType).collect(Collectors.toList()),
                    "a new login after the revocation, then a refresh with the new refresh token");
            assertTrue(requests.stream().allMatch(r -> r.responseStatus() == 200),
                    "no request was rejected: the revoked refresh token was never sent");
        }
    }
}
