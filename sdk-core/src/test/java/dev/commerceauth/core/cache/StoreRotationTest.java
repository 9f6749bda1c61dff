package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.TokenStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * A token store never takes a provider back to a refresh token that rotation has revoked (review
 * finding: after one failed put, the older store entry's refresh token replaced the provider's own
 * and the user was logged out).
 */
class StoreRotationTest extends CacheTestSupport {

    /** An in-memory store that counts its puts and lets a test act on each (before it is stored). */
    private static final class CountingStore implements TokenStore {
        final TokenStore memory = TokenStore.inMemory();
        final AtomicInteger puts = new AtomicInteger();
        private final IntConsumer beforePut;

        CountingStore(IntConsumer beforePut) {
            this.beforePut = beforePut;
        }

        @Override
        public Optional<AccessToken> get(String key) {
            return memory.get(key);
        }

        @Override
        public void put(String key, AccessToken token) {
            beforePut.accept(puts.incrementAndGet());
            memory.put(key, token);
        }

        @Override
        public void remove(String key) {
            memory.remove(key);
        }
    }

    private String key(dev.commerceauth.core.Grant grant, String subject) {
        return TokenStore.key(server.baseUrl(), grant, subject);
    }

    @Test
    void anOlderStoreEntryLeftByAFailedPutDoesNotReplaceTheRotatedRefreshToken() throws Exception {
        server.addRefreshToken("rt-from-app");
        CountingStore flaky = new CountingStore(puts -> {
            if (puts == 2) {
                throw new IllegalStateException("redis timeout"); // one lost write
            }
        });
        RefreshTokenGrant grant = RefreshTokenGrant.builder().clientId("administration").refreshToken("rt-from-app").build();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(CachingTokenProvider.class.getName());
        java.util.logging.Level old = log.getLevel();
        log.setLevel(java.util.logging.Level.OFF);
        try (CachingTokenProvider tokens = provider(grant).tokenStore(flaky, server.baseUrl(), "alice").build()) {
            assertEquals("at-1", tokens.token().value());
            clock.advanceSeconds(3600);
            assertEquals("at-2", tokens.token().value()); // the put of at-2 / rt-2 fails
            clock.advanceSeconds(3600);
            // the store still holds at-1 / rt-1, which the server revoked when rt-2 was issued
            assertEquals("at-3", tokens.token().value());
            assertEquals(0, server.invalidGrants.get());
            assertEquals(List.of("rt-from-app", "rt-1", "rt-2"), server.hits.stream()
                    .map(TokenServer.Hit::refreshToken).toList());
        } finally {
            log.setLevel(old);
        }
    }

    @Test
    void aRejectedAdoptedRefreshTokenIsRetriedOnceWithTheProvidersOwn() throws Exception {
        server.expiresIn = 600;
        TokenStore store = TokenStore.inMemory();
        try (CachingTokenProvider tokens = provider(PASSWORD).tokenStore(store, server.baseUrl()).build()) {
            assertEquals("at-1", tokens.token().value()); // own refresh token rt-1
            // a newer entry from elsewhere, whose refresh token the server does not know (revoked)
            AccessToken foreign = AccessToken.builder().value("foreign-at").refreshToken("rt-revoked")
                    .issuedAt(clock.instant().plusSeconds(10)).expiresAt(clock.instant().plusSeconds(20)).build();
            store.put(key(PASSWORD, null), foreign);
            clock.advanceSeconds(600);
            assertEquals("at-2", tokens.token().value());
            assertEquals(List.of("rt-revoked", "rt-1"), server.hits.stream()
                    .filter(h -> h.grantType().equals("refresh_token")).map(TokenServer.Hit::refreshToken).toList());
            assertEquals(1, server.count("password"), "no full re-grant was needed");
        }
    }

    @Test
    void aTokenTheStoreSuppliesAfterARejectedRefreshIsReportedAsAdoptedAndNotWrittenBack() throws Exception {
        server.expiresIn = 600;
        CountingStore counting = new CountingStore(puts -> { });
        FleetCoordinationTest.Events events = new FleetCoordinationTest.Events("a");
        try (CachingTokenProvider tokens = provider(PASSWORD).tokenStore(counting, server.baseUrl()).listener(events)
                .build()) {
            assertEquals("at-1", tokens.token().value()); // refresh token rt-1, written to the store
            // another process refreshes with rt-1 first: the server rotates it away, and that process's token
            // reaches the store while this provider's refresh with rt-1 is on its way
            AccessToken others = AccessToken.builder().value("others-at").refreshToken("rt-others")
                    .issuedAt(clock.instant().plusSeconds(600)).expiresAt(clock.instant().plusSeconds(1200)).build();
            server.failure = params -> {
                if (!"rt-1".equals(params.get("refresh_token"))) {
                    return null;
                }
                counting.memory.put(key(PASSWORD, null), others);
                return TokenServer.error(400, "invalid_grant");
            };
            clock.advanceSeconds(600);
            assertEquals("others-at", tokens.token().value());
            assertEquals(List.of("a fetched at-1", "a adopted others-at"), events.seen,
                    "the store's token is another process's request, not this provider's");
            assertEquals(1, counting.puts.get(), "only at-1 was written: the adopted token is already in the store");
            assertEquals(1, server.count("password"));
        }
    }

    @Test
    void invalidateRemovesOnlyTheRejectedTokenFromTheStore() throws Exception {
        TokenStore store = TokenStore.inMemory();
        try (CachingTokenProvider tokens = provider().tokenStore(store, server.baseUrl()).build()) {
            AccessToken first = tokens.token();
            AccessToken newer = AccessToken.builder().value("newer-from-another-process")
                    .issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(3600)).build();
            store.put(key(CLIENT_CREDENTIALS, null), newer);
            tokens.invalidate(first);
            settle();
            assertEquals(Optional.of(newer), store.get(key(CLIENT_CREDENTIALS, null)));
            assertEquals("newer-from-another-process", tokens.token().value(), "adopted without a request");
            assertEquals(1, server.requests.get());
        }
    }

    @Test
    void inMemoryCompareAndRemoveRemovesOnlyTheExpectedToken() {
        TokenStore store = TokenStore.inMemory();
        AccessToken a = AccessToken.builder().value("token-a").issuedAt(clock.instant())
                .expiresAt(clock.instant().plusSeconds(60)).build();
        AccessToken b = AccessToken.builder().value("token-b").issuedAt(clock.instant())
                .expiresAt(clock.instant().plusSeconds(60)).build();
        store.put("k", b);
        assertFalse(store.remove("k", a));
        assertEquals(Optional.of(b), store.get("k"));
        assertTrue(store.remove("k", b));
        assertTrue(store.get("k").isEmpty());
        assertFalse(store.remove("missing", a));
    }
}
