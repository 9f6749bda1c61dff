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
import dev.commerceauth.core.internal.cache.SharedRefreshExecutor;
import dev.commerceauth.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
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
            // removed on the store lane, not on the caller's thread (issue 13 item 10)
            await("removed from the store", 10, () -> store.get(TokenStore.key(endpoint(), CLIENT_CREDENTIALS, null)).isEmpty());
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

    /** A store whose every call blocks until the test ends. */
    private static final class HungStore implements TokenStore {
        final CountDownLatch released = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        private void hang() {
            calls.incrementAndGet();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Optional<AccessToken> get(String key) {
            hang();
            return Optional.empty();
        }

        @Override
        public void put(String key, AccessToken token) {
            hang();
        }

        @Override
        public void remove(String key) {
            hang();
        }
    }

    @Test
    void aHungStoreIsBoundedPausedAndNeverStarvesTokenRequests() throws Exception {
        HungStore hung = new HungStore();
        Logger log = Logger.getLogger(CachingTokenProvider.class.getName());
        Level old = log.getLevel();
        log.setLevel(Level.OFF);
        List<CachingTokenProvider> providers = new ArrayList<>();
        try {
            // waitTimeout 400 ms: each store call is given 100 ms
            CachingTokenProvider first = sharedProvider(CLIENT_CREDENTIALS).waitTimeout(Duration.ofMillis(400))
                    .tokenStore(hung, endpoint()).build();
            providers.add(first);
            for (int i = 0; i < 30; i++) {
                AccessToken t = first.token(); // the old code lost a waiting-lane thread per hung call
                first.invalidate(t);
            }
            assertEquals(1, hung.calls.get(), "after the first call timed out, the store is skipped");
            clock.advance(Duration.ofSeconds(31));
            first.token();
            assertEquals(2, hung.calls.get(), "after the pause the store is tried again");

            // many providers on one hung store: at most STORE_THREADS calls ever hang, the rest are refused
            for (int i = 0; i < 3 * SharedRefreshExecutor.STORE_THREADS; i++) {
                ClientCredentialsGrant grant = ClientCredentialsGrant.builder().clientId("tenant-" + i)
                        .clientSecret("cache-test-secret").build();
                CachingTokenProvider p = sharedProvider(grant).waitTimeout(Duration.ofMillis(400))
                        .tokenStore(hung, endpoint()).build();
                providers.add(p);
                assertTrue(p.token().value().startsWith("at-"));
            }
            assertTrue(hung.calls.get() <= SharedRefreshExecutor.STORE_THREADS,
                    "store calls that hang: " + hung.calls.get());
            long hanging = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(SharedRefreshExecutor.THREAD_NAME_PREFIX))
                    .filter(t -> t.getState() == Thread.State.WAITING).count();
            assertTrue(hanging <= SharedRefreshExecutor.STORE_THREADS, "pool threads blocked: " + hanging);
            // token requests still get threads: a provider without a store works at once
            try (CachingTokenProvider noStore = sharedProvider(CLIENT_CREDENTIALS).build()) {
                assertTrue(noStore.token().value().startsWith("at-"));
            }
        } finally {
            hung.released.countDown();
            for (CachingTokenProvider p : providers) {
                p.close();
            }
            log.setLevel(old);
        }
    }

    /**
     * A store whose every call takes {@code millis} before it answers from an in-memory store. Once
     * {@link #crowded} is set, calls also wait (up to 500 ms) until {@code crowd} of them have been
     * in progress at once, so that the store threads are all busy at least once.
     */
    private static final class SlowStore implements TokenStore {
        final TokenStore inner = TokenStore.inMemory();
        final long millis;
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        volatile int crowd;

        SlowStore(long millis) {
            this.millis = millis;
        }

        void crowded(int calls) {
            crowd = calls;
        }

        private void slow() {
            peak.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (peak.get() < crowd && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inProgress.decrementAndGet();
            }
        }

        @Override
        public Optional<AccessToken> get(String key) {
            slow();
            return inner.get(key);
        }

        @Override
        public void put(String key, AccessToken token) {
            slow();
            inner.put(key, token);
        }

        @Override
        public void remove(String key) {
            slow();
            inner.remove(key);
        }
    }

    @Test
    void aStoreThatIsBusyButAnswersIsWaitedForNotTakenForOneThatHangs() throws Exception {
        // 3x as many providers as store threads read one slow store at once (each call 40 ms; the store timeout
        // is 2 s): the calls beyond the first STORE_THREADS wait for a thread instead of being refused, which
        // made each of them skip the store for 30 s, log that it "did not answer" and request on its own
        SlowStore store = new SlowStore(40);
        int n = 3 * SharedRefreshExecutor.STORE_THREADS;
        List<CachingTokenProvider> providers = new ArrayList<>();
        try (LogCapture log = LogCapture.of("dev.commerceauth.core.CachingTokenProvider", Level.WARNING)) {
            CachingTokenProvider first = sharedProvider(CLIENT_CREDENTIALS).tokenStore(store, endpoint()).build();
            providers.add(first);
            assertEquals("at-1", first.token().value());
            for (int i = 0; i < n; i++) {
                providers.add(sharedProvider(CLIENT_CREDENTIALS).tokenStore(store, endpoint()).build());
            }
            store.crowded(SharedRefreshExecutor.STORE_THREADS);
            AtomicInteger next = new AtomicInteger(1);
            List<Object> outcomes = concurrently(n, () -> providers.get(next.getAndIncrement()).token().value(), null);
            for (Object outcome : outcomes) {
                assertEquals("at-1", outcome, "every provider adopts the stored token");
            }
            assertEquals(SharedRefreshExecutor.STORE_THREADS, store.peak.get(), "the store threads were all busy at once");
            assertEquals(1, server.requests.get(), "no provider requested on its own");
            assertEquals(Collections.emptyList(), log.records(), "nothing logged as a store that does not answer");
        } finally {
            for (CachingTokenProvider p : providers) {
                p.close();
            }
        }
    }

    @Test
    void whatARemovalNobodyWaitsForThrowsIsLogged() throws Exception {
        // invalidate() removes the stored token on the store lane without waiting; an Error the store throws
        // there used to end in a future nobody read
        TokenStore failingRemove = new TokenStore() {
            final TokenStore inner = TokenStore.inMemory();

            @Override
            public Optional<AccessToken> get(String key) {
                return inner.get(key);
            }

            @Override
            public void put(String key, AccessToken token) {
                inner.put(key, token);
            }

            @Override
            public void remove(String key) {
                throw new NoClassDefFoundError("a class the store needs (test)");
            }
        };
        try (LogCapture log = LogCapture.of("dev.commerceauth.core.CachingTokenProvider", Level.WARNING);
                CachingTokenProvider p = sharedProvider(CLIENT_CREDENTIALS).tokenStore(failingRemove, endpoint()).build()) {
            p.invalidate(p.token());
            await("the failed removal logged", 10, () -> !log.records().isEmpty());
            Throwable logged = log.records().get(0).getThrown();
            assertTrue(logged != null && logged.getCause() instanceof NoClassDefFoundError, "logged with its cause: " + logged);
            assertTrue(log.records().get(0).getMessage().contains("remove failed"), log.records().get(0).getMessage());
        }
    }
}
