package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A decorator that overrides only {@code requestToken} behaves as its delegate in every other
 * respect: a provider built on it knows the delegate's grants and hears of revocations made
 * through the decorator. Real HTTP against the embedded emulator.
 */
class ForwardingTokenClientTest {

    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId(DemoCredentials.SELLYTICS_CLIENT_ID).clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET)
            .scope(SellyticsAuth.DATA_API_SCOPE).build();

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

    @Test
    void aDecoratorOfOneMethodForwardsTheRest() {
        SellyticsAuth sellytics = SellyticsAuth.builder().tokenUrl(emulator.sellyticsTokenUrl()).clock(clock)
                .revocationCredentials(DemoCredentials.SELLYTICS_CLIENT_ID, Secret.of(DemoCredentials.SELLYTICS_CLIENT_SECRET))
                .build();
        AtomicInteger requests = new AtomicInteger();
        TokenClient counted = new ForwardingTokenClient(sellytics) {
            @Override
            public AccessToken requestToken(Grant grant) {
                requests.incrementAndGet();
                return super.requestToken(grant);
            }
        };
        assertEquals(sellytics.supportedGrantTypes(), counted.supportedGrantTypes());
        assertTrue(counted.supports(GRANT));
        Grant refresh = RefreshTokenGrant.builder().clientId("c").refreshToken("rt").build();
        assertEquals(sellytics.supports(refresh), counted.supports(refresh));
        assertSame(clock, counted.clock());
        try (TokenProvider tokens = CachingTokenProvider.builder(counted, GRANT).build()) {
            AccessToken first = tokens.token();
            counted.revoke(first.value()); // through the decorator: the provider's listener hears of it
            assertNotEquals(first.value(), tokens.token().value(), "the revoked token is not handed out again");
            assertEquals(2, requests.get());
            assertEquals(2, emulator.tokenRequestCount());
        }
        assertTrue(counted.toString().contains("SellyticsAuth"), counted.toString());
        assertFalse(counted.toString().contains(DemoCredentials.SELLYTICS_CLIENT_SECRET));
    }
}
