package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenStoreTest extends CacheTestSupport {

    private String endpoint() {
        return server.baseUrl();
    }

    @Test
    void providersSharingAStoreShareOneToken() throws Exception {
        TokenStore store = TokenStore.inMemory();
        try (CachingTokenProvider a = provider().tokenStore(store, endpoint()).build();
                CachingTokenProvider b = provider().tokenStore(store, endpoint()).build()) {
            assertEquals("at-1", a.token().value());
            assertEquals("at-1", b.token().value());
            assertEquals(1, server.requests.get());
            // the store also carries refreshes: b refreshes ahead, a adopts b's token at its next fetch
            clock.advanceSeconds(3600 - 200);
            b.token();
            settle();
            assertEquals("at-2", b.token().value());
            clock.advanceSeconds(190); // a's copy of at-1 is now hard-expired
            assertEquals("at-2", a.token().value());
            assertEquals(2, server.requests.get());
        }
    }

    @Test
    void aRotatedRefreshTokenInTheStoreIsUsedByTheNextRefresh() throws Exception {
        TokenStore store = TokenStore.inMemory();
        try (CachingTokenProvider a = provider(PASSWORD).tokenStore(store, endpoint()).build();
                CachingTokenProvider b = provider(PASSWORD).tokenStore(store, endpoint()).build()) {
            a.token(); // at-1 / rt-1
            b.token(); // adopted
            clock.advanceSeconds(3600);
            assertEquals("at-2", a.token().value()); // refresh with rt-1, which the server revokes
            clock.advanceSeconds(3600);
            assertEquals("at-3", b.token().value()); // b uses rt-2 from the store, not its revoked rt-1
            assertEquals(0, server.invalidGrants.get());
            assertEquals(1, server.count("password"));
        }
    }

    @Test
    void keysSeparateTenantsAndUsersAndNeverContainSecrets() {
        PasswordGrant alice = PasswordGrant.builder().clientId("administration").username("alice")
                .password("alice-password").build();
        PasswordGrant bob = PasswordGrant.builder().clientId("administration").username("bob")
                .password("alice-password").build();
        ClientCredentialsGrant scoped = ClientCredentialsGrant.builder().clientId("c").clientSecret("s1")
                .scope(Scope.of(Scope.market("aaa"), Scope.market("bbb"))).build();
        ClientCredentialsGrant reordered = ClientCredentialsGrant.builder().clientId("c").clientSecret("s2")
                .scope(Scope.of(Scope.market("bbb"), Scope.market("aaa"))).build();
        String k = TokenStore.key("https://shop-a.example", alice, null);
        assertTrue(k.matches("commerceauth:v1:[0-9a-f]{64}"), k);
        assertNotEquals(k, TokenStore.key("https://shop-a.example", bob, null), "users");
        assertNotEquals(k, TokenStore.key("https://shop-b.example", alice, null), "tenants");
        assertEquals(TokenStore.key("e", scoped, null), TokenStore.key("e", reordered, null),
                "scope order and secrets do not matter");
        assertFalse(k.contains("alice"));
    }

    @Test
    void differentUsersDoNotShareTokens() throws Exception {
        TokenStore store = TokenStore.inMemory();
        PasswordGrant bob = PasswordGrant.builder().clientId("administration").username("bob").password("pw").build();
        try (CachingTokenProvider a = provider(PASSWORD).tokenStore(store, endpoint()).build();
                CachingTokenProvider b = provider(bob).tokenStore(store, endpoint()).build()) {
            assertNotEquals(a.token().value(), b.token().value());
            assertEquals(2, server.requests.get());
        }
    }

    @Test
    void userBoundGrantsNeedASubject() {
        AuthorizationCodeGrant code = AuthorizationCodeGrant.builder().clientId("w").clientSecret("s")
                .code("c").redirectUri("https://app.example/cb").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider(code).tokenStore(TokenStore.inMemory(), endpoint()));
        assertTrue(e.getMessage().contains("subject"));
        provider(code).tokenStore(TokenStore.inMemory(), endpoint(), "user-42").build().close();
    }

    @Test
    void invalidateRemovesTheTokenFromTheStore() throws Exception {
        TokenStore store = TokenStore.inMemory();
        try (CachingTokenProvider a = provider().tokenStore(store, endpoint()).build()) {
            AccessToken first = a.token();
            a.invalidate(first);
            assertTrue(store.get(TokenStore.key(endpoint(), CLIENT_CREDENTIALS, null)).isEmpty());
            assertEquals("at-2", a.token().value());
        }
    }

    @Test
    void aFailingStoreDegradesToFetching() throws Exception {
        TokenStore broken = new TokenStore() {
            @Override
            public Optional<AccessToken> get(String key) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public void put(String key, AccessToken token) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public void remove(String key) {
                throw new IllegalStateException("redis down");
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(CachingTokenProvider.class.getName());
        java.util.logging.Level old = log.getLevel();
        log.setLevel(java.util.logging.Level.OFF);
        try (CachingTokenProvider a = provider().tokenStore(broken, endpoint()).build()) {
            AccessToken first = a.token();
            assertEquals("at-1", first.value());
            a.invalidate(first);
            assertEquals("at-2", a.token().value());
        } finally {
            log.setLevel(old);
        }
    }
}
