package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.internal.RevocationListeners;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 11: providers register for revocations when built and unregister when closed, and the client
 * holds them weakly, so neither closed providers nor providers dropped without {@code close()} stay reachable
 * from the client.
 */
class RevocationListenerLeakTest extends CacheTestSupport {

    /** A client of one's own that revokes, holding its listeners as the SDK's clients do. */
    static final class RevokingClient implements TokenClient {
        final RevocationListeners listeners = new RevocationListeners();
        final Clock clock;
        final AtomicInteger issued = new AtomicInteger();

        RevokingClient(Clock clock) {
            this.clock = clock;
        }

        @Override
        public AccessToken requestToken(Grant grant) {
            Instant now = clock.instant();
            return StubTokenClient.token("t-" + issued.incrementAndGet(), now, now.plusSeconds(600));
        }

        @Override
        public void revoke(String token) {
            listeners.revoked(token);
        }

        @Override
        public Runnable addRevocationListener(Consumer<String> listener) {
            return listeners.add(listener);
        }

        @Override
        public Clock clock() {
            return clock;
        }
    }

    @Test
    void closedProvidersUnregister() {
        RevokingClient client = new RevokingClient(clock);
        List<CachingTokenProvider> providers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            providers.add(CachingTokenProvider.builder(client, CLIENT_CREDENTIALS).executor(executor).build());
        }
        assertEquals(50, client.listeners.size());
        AccessToken token = providers.get(0).token();
        client.revoke(token.value());
        assertNotEquals(token.value(), providers.get(0).token().value());
        providers.forEach(CachingTokenProvider::close);
        providers.get(0).close(); // idempotent
        assertEquals(0, client.listeners.size());
    }

    @Test
    void providersDroppedWithoutCloseAreNotKeptAliveByTheClient() throws Exception {
        RevokingClient client = new RevokingClient(clock);
        for (int i = 0; i < 50; i++) {
            CachingTokenProvider.builder(client, CLIENT_CREDENTIALS).executor(executor).build().token();
        }
        assertEquals(50, client.listeners.size());
        await("the dropped providers were collected", 20, () -> {
            System.gc();
            return client.listeners.size() == 0;
        });
        client.revoke("t-1"); // nobody left to tell
    }

    @Test
    void aClientThatDoesNotOverrideTheHookIsFine() {
        StubTokenClient stub = new StubTokenClient(clock, g -> StubTokenClient.token("s", clock.instant(),
                clock.instant().plusSeconds(600)));
        Runnable unregister = stub.addRevocationListener(t -> { });
        unregister.run();
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(stub, CLIENT_CREDENTIALS).executor(executor).build()) {
            assertEquals("s", tokens.token().value());
        }
    }
}
