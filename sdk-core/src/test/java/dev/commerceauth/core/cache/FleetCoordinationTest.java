package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.CoordinatedTokenStore;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.StoreLease;
import dev.commerceauth.core.TokenProviderListener;
import dev.commerceauth.core.TokenStore;
import dev.commerceauth.core.VersionedToken;
import dev.commerceauth.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Providers sharing a {@link CoordinatedTokenStore} act as one fleet: one request per refresh
 * cycle, made by the lease holder; the others wait for it and adopt its token (with its refresh
 * token) instead of requesting; a holder that dies is replaced after its lease's time to live.
 * Each provider has a client of its own (as separate processes would); the token endpoint is a
 * real HTTP server on loopback that counts requests and rejects spent refresh tokens.
 */
class FleetCoordinationTest extends CacheTestSupport {

    /** Records what each provider did, by name. */
    static final class Events implements TokenProviderListener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final String name;

        Events(String name) {
            this.name = name;
        }

        @Override
        public void fetched(AccessToken token) {
            seen.add(name + " fetched " + token.value());
        }

        @Override
        public void refreshed(AccessToken previous, AccessToken current) {
            seen.add(name + " refreshed " + current.value());
        }

        @Override
        public void adopted(AccessToken previous, AccessToken current) {
            seen.add(name + " adopted " + current.value());
        }

        @Override
        public void refreshFailed(RuntimeException error, Duration nextAttemptIn, boolean tokenStillServed) {
            seen.add(name + " failed " + error.getClass().getSimpleName());
        }
    }

    private final CoordinatedTokenStore store = CoordinatedTokenStore.inMemory();

    private CachingTokenProvider member(Grant grant, Events events) {
        return CachingTokenProvider.builder(newClient(), grant)
                .executor(executor)
                .waitTimeout(Duration.ofSeconds(10))
                .listener(events)
                .tokenStore(store, server.baseUrl())
                .build();
    }

    private String key(Grant grant) {
        return TokenStore.key(server.baseUrl(), grant, null);
    }

    @Test
    void twoProvidersMakeOneRequestPerRefreshCycleAndTheOtherAdoptsIt() throws Exception {
        Events a = new Events("a");
        Events b = new Events("b");
        try (CachingTokenProvider first = member(CLIENT_CREDENTIALS, a);
                CachingTokenProvider second = member(CLIENT_CREDENTIALS, b)) {
            assertEquals("at-1", first.token().value());
            assertEquals("at-1", second.token().value());
            assertEquals(List.of("b adopted at-1"), b.seen);
            for (int cycle = 2; cycle <= 4; cycle++) {
                clock.advanceSeconds(3600 - 200); // inside the soft margin (300 s), outside the hard one (30 s)
                // both see the soft margin at once, as a fleet's pods do after adopting the same token
                first.token();
                second.token();
                settle();
                clock.advanceMillis(1_000); // past the short pause of the one that found the lease taken
                first.token();
                second.token();
                settle();
                assertEquals("at-" + cycle, first.token().value());
                assertEquals("at-" + cycle, second.token().value());
                assertEquals(cycle, server.requests.get(), "one request per cycle for both: " + a.seen + b.seen);
            }
        }
    }

    @Test
    void aWaitingProviderAdoptsTheLeaseHoldersTokenWithoutARequestOfItsOwn() throws Exception {
        Events events = new Events("b");
        StoreLease lease = store.tryLease(key(CLIENT_CREDENTIALS), Duration.ofSeconds(20)).get();
        try (CachingTokenProvider provider = member(CLIENT_CREDENTIALS, events)) {
            CompletableFuture<AccessToken> waiting = CompletableFuture.supplyAsync(provider::token);
            Thread.sleep(300); // it reads the store, finds the lease taken and waits
            assertFalse(waiting.isDone());
            AccessToken fromHolder = AccessToken.builder().value("holders-token")
                    .issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(3600)).build();
            assertTrue(store.putIfLeaseHeld(key(CLIENT_CREDENTIALS), lease, fromHolder).isPresent());
            assertTrue(store.release(key(CLIENT_CREDENTIALS), lease));
            assertEquals("holders-token", waiting.get(10, TimeUnit.SECONDS).value());
            assertEquals(0, server.requests.get());
            assertEquals(List.of("b adopted holders-token"), events.seen);
        }
    }

    @Test
    void aHolderThatDiedLosesItsLeaseAfterItsTimeToLiveAndAnotherProviderRequests() throws Exception {
        Events events = new Events("b");
        // a process took the lease and was killed: it never writes nor releases
        store.tryLease(key(CLIENT_CREDENTIALS), Duration.ofMillis(600)).get();
        long started = System.nanoTime();
        try (CachingTokenProvider provider = member(CLIENT_CREDENTIALS, events)) {
            assertEquals("at-1", provider.token().value());
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waitedMillis >= 550, "it waited for the dead holder's lease to end: " + waitedMillis + " ms");
            assertEquals(1, server.requests.get());
            assertEquals(List.of("b fetched at-1"), events.seen);
            VersionedToken stored = store.getVersioned(key(CLIENT_CREDENTIALS)).get();
            assertEquals("at-1", stored.token().value(), "the new holder wrote its token under its own lease");
        }
    }

    @Test
    void aHolderWhoseRequestHangsPastItsLeaseGivesItsCallersTheNextHoldersToken() throws Exception {
        Events events = new Events("a");
        server.hold = new CountDownLatch(1); // this provider's request hangs (a stuck connection)
        try (CachingTokenProvider provider = CachingTokenProvider.builder(newClient(), CLIENT_CREDENTIALS)
                .executor(executor).waitTimeout(Duration.ofSeconds(10)).listener(events)
                .leaseTimeToLive(Duration.ofMillis(500)).tokenStore(store, server.baseUrl()).build()) {
            CompletableFuture<AccessToken> caller = CompletableFuture.supplyAsync(provider::token);
            await("the request reached the server", 10, () -> server.requests.get() == 1);
            // another process takes the lease once this one's has expired, and writes its token
            StoreLease next = null;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (next == null && System.nanoTime() < giveUp) {
                next = store.tryLease(key(CLIENT_CREDENTIALS), Duration.ofSeconds(10)).orElse(null);
                Thread.sleep(10);
            }
            assertTrue(next != null, "the hanging holder's lease expired");
            AccessToken fromNext = AccessToken.builder().value("next-holders-token")
                    .issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(3600)).build();
            store.putIfLeaseHeld(key(CLIENT_CREDENTIALS), next, fromNext);
            store.release(key(CLIENT_CREDENTIALS), next);
            assertEquals("next-holders-token", caller.get(5, TimeUnit.SECONDS).value(),
                    "the caller got the fleet's token while its own request still hangs");
            assertEquals(List.of("a adopted next-holders-token"), events.seen);
            assertEquals(1, server.requests.get(), "no second request");
        } finally {
            server.hold.countDown();
        }
    }

    @Test
    void aRefreshAheadKeepsServingWhileAnotherProcessHoldsTheLeaseAndAdoptsItsTokenAfterwards() throws Exception {
        Events events = new Events("a");
        try (CachingTokenProvider provider = member(CLIENT_CREDENTIALS, events)) {
            AccessToken first = provider.token();
            clock.advanceSeconds(3600 - 200);
            StoreLease lease = store.tryLease(key(CLIENT_CREDENTIALS), Duration.ofSeconds(20)).get();
            assertSame(first, provider.token(), "the current token is served while the other process refreshes");
            settle();
            assertEquals(1, server.requests.get(), "no request while another process holds the lease");
            AccessToken fromHolder = AccessToken.builder().value("holders-token")
                    .issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(3600)).build();
            store.putIfLeaseHeld(key(CLIENT_CREDENTIALS), lease, fromHolder);
            store.release(key(CLIENT_CREDENTIALS), lease);
            clock.advanceMillis(1_000);
            provider.token(); // the next look at the store finds the holder's token
            settle();
            assertEquals("holders-token", provider.token().value());
            assertEquals(1, server.requests.get());
            assertEquals(List.of("a fetched at-1", "a adopted holders-token"), events.seen);
        }
    }

    @Test
    void rotatingRefreshTokensAreSpentOnlyByTheLeaseHolderAndTheOthersAdoptTheRotatedOne() throws Exception {
        Events a = new Events("a");
        Events b = new Events("b");
        try (CachingTokenProvider first = member(PASSWORD, a); CachingTokenProvider second = member(PASSWORD, b)) {
            first.token();
            second.token();
            for (int cycle = 0; cycle < 4; cycle++) {
                clock.advanceSeconds(3600 - 20); // inside the hard margin: both need a new token at once
                CompletableFuture<AccessToken> one = CompletableFuture.supplyAsync(first::token);
                CompletableFuture<AccessToken> other = CompletableFuture.supplyAsync(second::token);
                assertEquals(one.get(10, TimeUnit.SECONDS).value(), other.get(10, TimeUnit.SECONDS).value());
            }
            assertEquals(0, server.invalidGrants.get(), "no refresh token was spent twice: " + server.hits);
            assertEquals(5, server.requests.get());
            assertEquals(List.of("password", "refresh_token", "refresh_token", "refresh_token", "refresh_token"),
                    server.hits.stream().map(TokenServer.Hit::grantType).toList());
        }
    }

    @Test
    void aRejectedRefreshTokenMakesTheHolderReadTheStoreBeforeAnyFallback() throws Exception {
        Events events = new Events("a");
        try (CachingTokenProvider provider = member(PASSWORD, events)) {
            provider.token(); // at-1 with rt-1
            server.addRefreshToken("rt-other");
            // another process spent rt-1 and its token lands in the store while this refresh is rejected
            server.failure = params -> {
                if ("rt-1".equals(params.get("refresh_token"))) {
                    store.put(key(PASSWORD), AccessToken.builder().value("at-other").refreshToken("rt-other")
                            .issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(3600)).build());
                    return TokenServer.error(400, "invalid_grant");
                }
                return null;
            };
            clock.advanceSeconds(3600 - 20);
            assertEquals("at-other", provider.token().value(), "taken from the store, not a second login");
            assertEquals(List.of("a fetched at-1", "a adopted at-other"), events.seen);
            clock.advanceSeconds(3600 - 20);
            provider.token(); // the next refresh spends the adopted refresh token
            assertEquals(List.of("password", "refresh_token", "refresh_token"),
                    server.hits.stream().map(TokenServer.Hit::grantType).toList());
            assertEquals(List.of("rt-1", "rt-other"), server.hits.stream().skip(1)
                    .map(TokenServer.Hit::refreshToken).toList());
        }
    }

    @Test
    void aStoreThatFailsLeavesEachProviderOnItsOwnLogsOncePerOutageAndComesBackToTheFleet() throws Exception {
        FailingStore failing = new FailingStore(store);
        Events events = new Events("a");
        try (LogCapture log = LogCapture.of(CachingTokenProvider.class.getName(), Level.INFO);
                CachingTokenProvider provider = CachingTokenProvider.builder(newClient(), CLIENT_CREDENTIALS)
                .executor(executor).waitTimeout(Duration.ofSeconds(10)).listener(events)
                .tokenStore(failing, server.baseUrl()).build()) {
            failing.down = true;
            assertEquals("at-1", provider.token().value());
            for (int cycle = 2; cycle <= 4; cycle++) {
                clock.advanceSeconds(3600 - 20);
                assertEquals("at-" + cycle, provider.token().value(), "served on its own while the store is down");
            }
            assertNull(store.get(key(CLIENT_CREDENTIALS)).orElse(null));
            assertEquals(List.of(Level.WARNING), log.levels(),
                    "one warning for the whole outage, not one per call");
            failing.down = false;
            clock.advanceSeconds(3600 - 20);
            assertEquals("at-5", provider.token().value());
            assertEquals("at-5", store.get(key(CLIENT_CREDENTIALS)).get().value(), "shared again");
            assertEquals(List.of(Level.WARNING, Level.INFO), log.levels(),
                    "and one note when it answers again");
            assertFalse(log.records().stream().anyMatch(r -> String.valueOf(r.getMessage()).contains("at-")),
                    "no token in the log");
        }
    }

    /** A coordinated store whose backend can be switched off: every call then throws. */
    static final class FailingStore implements CoordinatedTokenStore {
        final CoordinatedTokenStore delegate;
        volatile boolean down;

        FailingStore(CoordinatedTokenStore delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (down) {
                throw new IllegalStateException("connection refused");
            }
        }

        @Override
        public Optional<VersionedToken> getVersioned(String key) {
            check();
            return delegate.getVersioned(key);
        }

        @Override
        public Optional<StoreLease> tryLease(String key, Duration ttl) {
            check();
            return delegate.tryLease(key, ttl);
        }

        @Override
        public java.util.OptionalLong putIfLeaseHeld(String key, StoreLease lease, AccessToken token) {
            check();
            return delegate.putIfLeaseHeld(key, lease, token);
        }

        @Override
        public boolean release(String key, StoreLease lease) {
            check();
            return delegate.release(key, lease);
        }

        @Override
        public Optional<AccessToken> get(String key) {
            check();
            return delegate.get(key);
        }

        @Override
        public void put(String key, AccessToken token) {
            check();
            delegate.put(key, token);
        }

        @Override
        public void remove(String key) {
            check();
            delegate.remove(key);
        }

        @Override
        public boolean remove(String key, AccessToken token) {
            check();
            return delegate.remove(key, token);
        }
    }
}
