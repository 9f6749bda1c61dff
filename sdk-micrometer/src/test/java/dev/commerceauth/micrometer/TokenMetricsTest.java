package dev.commerceauth.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.CoordinatedTokenStore;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.emulator.TokenServerEmulatorExtension;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters of {@link TokenMetrics}, over real HTTP to the emulator. */
class TokenMetricsTest {

    static final ManualClock CLOCK = ManualClock.startingNow();

    @RegisterExtension
    static final TokenServerEmulatorExtension EMULATOR = new TokenServerEmulatorExtension(
            TokenServerEmulator.builder().clock(CLOCK).tokenLifetime(Duration.ofMinutes(10)));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private SellyticsAuth sellytics() {
        return SellyticsAuth.builder().tokenUrl(EMULATOR.emulator().sellyticsTokenUrl()).clock(CLOCK).build();
    }

    private static ClientCredentialsGrant sellyticsGrant(String secret) {
        return ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.SELLYTICS_CLIENT_ID)
                .clientSecret(secret)
                .scope(SellyticsAuth.DATA_API_SCOPE)
                .build();
    }

    @Test
    void timesEachRequestByProviderGrantTypeAndOutcome() {
        TokenMetrics metrics = TokenMetrics.builder(registry, sellytics()).registration("reports").build();
        try (TokenProvider tokens = CachingTokenProvider.builder(metrics.client(), sellyticsGrant(DemoCredentials.SELLYTICS_CLIENT_SECRET))
                .listener(metrics.listener()).build()) {
            tokens.token();
            tokens.token();
        }
        Timer success = registry.get(TokenMetrics.REQUESTS)
                .tags("registration", "reports", "provider", "sellytics", "grant.type", "client_credentials",
                        "outcome", "success", "exception", "none")
                .timer();
        assertEquals(1, success.count(), "one request for two calls of a fresh provider");
        assertEquals(1, counter(TokenMetrics.RENEWALS, "mode", "blocking").count());
        assertEquals(0, counter(TokenMetrics.RENEWALS, "mode", "ahead").count());
        assertEquals(600.0, registry.get(TokenMetrics.EXPIRES_IN).gauge().value(), 1.0);
    }

    @Test
    void countsFailuresByExceptionClassAndWhetherTheTokenWasStillServed() {
        TokenMetrics metrics = TokenMetrics.builder(registry, sellytics()).registration("reports").build();
        TokenException thrown;
        try (TokenProvider tokens = CachingTokenProvider.builder(metrics.client(), sellyticsGrant("wrong-secret"))
                .listener(metrics.listener()).build()) {
            thrown = assertThrows(TokenException.class, tokens::token);
        }
        String exception = thrown.getClass().getSimpleName();
        Timer failed = registry.get(TokenMetrics.REQUESTS)
                .tags("outcome", "failure", "exception", exception, "grant.type", "client_credentials").timer();
        assertEquals(1, failed.count());
        Counter failures = registry.get(TokenMetrics.FAILURES)
                .tags("exception", exception, "token.still.served", "false").counter();
        assertEquals(1, failures.count());
        assertTrue(Double.isNaN(registry.get(TokenMetrics.EXPIRES_IN).gauge().value()), "no token, no expiry");
    }

    @Test
    void tellsRefreshesAheadFromCallersThatWaited() throws InterruptedException {
        TokenMetrics metrics = TokenMetrics.builder(registry, sellytics()).registration("reports").build();
        try (TokenProvider tokens = CachingTokenProvider.builder(metrics.client(), sellyticsGrant(DemoCredentials.SELLYTICS_CLIENT_SECRET))
                .listener(metrics.listener()).build()) {
            AccessToken first = tokens.token();
            CLOCK.advance(Duration.ofMinutes(9));            // inside the soft margin (90 s), outside the hard one (30 s)
            assertEquals(first, tokens.token(), "served the current token while refreshing ahead");
            awaitTrue(() -> counter(TokenMetrics.RENEWALS, "mode", "ahead").count() == 1);
            assertEquals(1, counter(TokenMetrics.RENEWALS, "mode", "blocking").count());
            assertTrue(counter(TokenMetrics.SERVED_WHILE_REFRESHING).count() >= 1);
            assertEquals(600.0, registry.get(TokenMetrics.EXPIRES_IN).gauge().value(), 1.0, "the gauge follows the new token");

            CLOCK.advance(Duration.ofMinutes(11));           // the new token has expired too: the next caller waits
            assertNotEquals(first, tokens.token());
            assertEquals(2, counter(TokenMetrics.RENEWALS, "mode", "blocking").count());
            assertEquals(3, registry.get(TokenMetrics.REQUESTS).tags("outcome", "success").timer().count());
        }
    }

    @Test
    void countsInvalidationsAndClearsTheGauge() {
        TokenMetrics metrics = TokenMetrics.builder(registry, sellytics()).registration("reports").build();
        try (TokenProvider tokens = CachingTokenProvider.builder(metrics.client(), sellyticsGrant(DemoCredentials.SELLYTICS_CLIENT_SECRET))
                .listener(metrics.listener()).build()) {
            tokens.invalidate(tokens.token());
            assertEquals(1, counter(TokenMetrics.INVALIDATIONS).count());
            assertTrue(Double.isNaN(registry.get(TokenMetrics.EXPIRES_IN).gauge().value()));
        }
    }

    @Test
    void namesTheGrantTypeActuallySentAndForwardsRevocations() {
        CommerceLayerAuth commerceLayer = CommerceLayerAuth.builder()
                .baseUrl(EMULATOR.emulator().commerceLayerBaseUrl()).clock(CLOCK).build();
        TokenMetrics metrics = TokenMetrics.builder(registry, commerceLayer).registration("storefront").build();
        PasswordGrant customer = PasswordGrant.builder()
                .clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID)
                .username(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL)
                .password(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD)
                .scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID))
                .build();
        try (TokenProvider tokens = CachingTokenProvider.builder(metrics.client(), customer).listener(metrics.listener()).build()) {
            AccessToken first = tokens.token();
            commerceLayer.revoke(first.value(), customer);       // through the original client: the provider hears of it
            AccessToken second = tokens.token();
            assertNotEquals(first.value(), second.value());
            CLOCK.advance(Duration.ofMinutes(11));        // renewed with the refresh token
            tokens.token();
        }
        assertEquals(2, registry.get(TokenMetrics.REQUESTS)
                .tags("provider", "commercelayer", "grant.type", "password", "outcome", "success").timer().count());
        assertEquals(1, registry.get(TokenMetrics.REQUESTS)
                .tags("provider", "commercelayer", "grant.type", "refresh_token", "outcome", "success").timer().count());
    }

    @Test
    void tagsNeverCarrySecretsTokensClientIdsOrUserNames() {
        ShopwareAuth shopware = ShopwareAuth.builder().shopUrl(EMULATOR.emulator().shopwareUrl()).clock(CLOCK).build();
        TokenMetrics metrics = TokenMetrics.builder(registry, shopware).registration("backoffice")
                .tags(Tags.of("application", "checkout")).build();
        AccessToken token;
        try (TokenProvider tokens = CachingTokenProvider.builder(metrics.client(),
                ShopwareAuth.passwordGrant(DemoCredentials.SHOPWARE_ADMIN_USERNAME, DemoCredentials.SHOPWARE_ADMIN_PASSWORD))
                .listener(metrics.listener()).build()) {
            token = tokens.token();
            tokens.invalidate(token);
        }
        List<String> forbidden = Arrays.asList(token.value(), DemoCredentials.SHOPWARE_ADMIN_PASSWORD,
                "administration", token.refreshToken().orElse("no-refresh-token"));
        int tags = 0;
        for (Meter meter : registry.getMeters()) {
            assertEquals("checkout", meter.getId().getTag("application"));
            assertEquals("shopware", meter.getId().getTag("provider"));
            for (Tag tag : meter.getId().getTags()) {
                tags++;
                assertNotEquals(DemoCredentials.SHOPWARE_ADMIN_USERNAME, tag.getValue(), meter.getId().toString());
                for (String secret : forbidden) {
                    assertFalse(tag.getValue().contains(secret), meter.getId() + " carries a secret");
                }
            }
        }
        assertTrue(tags > 20, "the meters were registered: " + registry.getMetersAsString());
    }

    @Test
    void countsATokenAdoptedFromASharedStoreAsItsOwnModeAndNoRequest() {
        CoordinatedTokenStore store = CoordinatedTokenStore.inMemory();
        ClientCredentialsGrant grant = sellyticsGrant(DemoCredentials.SELLYTICS_CLIENT_SECRET);
        TokenMetrics first = TokenMetrics.builder(registry, sellytics()).registration("first").build();
        TokenMetrics second = TokenMetrics.builder(registry, sellytics()).registration("second").build();
        try (TokenProvider a = CachingTokenProvider.builder(first.client(), grant)
                .listener(TokenProviderListeners.of(first.listener())).tokenStore(store, "sellytics").build();
                TokenProvider b = CachingTokenProvider.builder(second.client(), grant)
                        .listener(TokenProviderListeners.of(second.listener())).tokenStore(store, "sellytics").build()) {
            a.token();
            b.token(); // adopted from the store: the composite passes the event on
        }
        assertEquals(1, registry.get(TokenMetrics.RENEWALS).tags("registration", "second", "mode", "adopted")
                .counter().count());
        assertEquals(0, registry.find(TokenMetrics.REQUESTS).tags("registration", "second").timers().stream()
                .mapToLong(Timer::count).sum(), "the second made no request");
        assertEquals(1, registry.get(TokenMetrics.RENEWALS).tags("registration", "first", "mode", "blocking")
                .counter().count());
    }

    @Test
    void requiresARegistrationName() {
        assertThrows(IllegalStateException.class, () -> TokenMetrics.builder(registry, sellytics()).build());
        assertThrows(IllegalArgumentException.class, () -> TokenMetrics.builder(registry, sellytics()).registration(" "));
        assertEquals("sellytics", TokenMetrics.providerName(sellytics()));
    }

    private Counter counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
