package dev.commerceauth.core.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.core.cache.TokenServer;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interceptor and authenticator against a resource server and token endpoint on loopback. */
class BearerAuthTest {

    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("okhttp-test").clientSecret("okhttp-secret").build();

    private ManualClock clock;
    private TokenServer server;
    private TokenClient tokenClient;
    private CachingTokenProvider tokens;
    private final AtomicInteger apiHits = new AtomicInteger();
    private final Queue<String> apiAuthorizations = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        clock = ManualClock.startingAt(Instant.now());
        server = new TokenServer(clock);
        // the token endpoint has its own OkHttpClient, without the bearer interceptor
        tokenClient = SellyticsAuth.builder().tokenUrl(server.keycloakUrl()).clock(clock).build();
        tokens = CachingTokenProvider.builder(tokenClient, GRANT).waitTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() throws Exception {
        tokens.close();
        server.close();
    }

    /** The resource server: 200 when the bearer token passes {@code accepted}, else 401. */
    private void api(Predicate<String> accepted) {
        server.api = request -> {
            apiHits.incrementAndGet();
            String auth = request.getHeader("Authorization");
            apiAuthorizations.add(String.valueOf(auth));
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
            return accepted.test(token)
                    ? new MockResponse().setResponseCode(200).setBody("ok " + token)
                    : new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        };
    }

    private OkHttpClient apiClient() {
        return BearerAuth.install(new OkHttpClient.Builder(), tokens).build();
    }

    private Request get() {
        return new Request.Builder().url(server.server.url("/api/orders")).build();
    }

    @Test
    void addsTheBearerHeader() throws Exception {
        api(t -> t.equals("at-1"));
        try (Response r = apiClient().newCall(get()).execute()) {
            assertEquals(200, r.code());
            assertEquals("ok at-1", r.body().string());
            assertEquals("at-1", r.request().tag(AccessToken.class).value());
        }
        assertEquals(List.of("Bearer at-1"), new ArrayList<>(apiAuthorizations));
    }

    @Test
    void aStormOf401sForOneTokenCausesOneRefreshAndAtMostOneRetryPerCall() throws Exception {
        int calls = 40;
        CountDownLatch allRejectedTogether = new CountDownLatch(calls);
        server.api = request -> {
            apiHits.incrementAndGet();
            String auth = request.getHeader("Authorization");
            if ("Bearer at-1".equals(auth)) {
                allRejectedTogether.countDown();
                try {
                    allRejectedTogether.await(10, TimeUnit.SECONDS); // all 40 in flight with the same token
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new MockResponse().setResponseCode(401);
            }
            return new MockResponse().setResponseCode(200).setBody("ok");
        };
        tokens.token(); // at-1, which the resource server now rejects
        OkHttpClient api = apiClient();
        List<Thread> threads = new ArrayList<>();
        Queue<Object> outcomes = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < calls; i++) {
            Thread t = new Thread(() -> {
                try (Response r = api.newCall(get()).execute()) {
                    int attempts = 1;
                    for (Response p = r.priorResponse(); p != null; p = p.priorResponse()) {
                        attempts++;
                    }
                    outcomes.add(r.code() + "/" + attempts + "/" + r.request().header("Authorization"));
                } catch (IOException e) {
                    outcomes.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(20_000);
        }
        assertEquals(calls, outcomes.size());
        for (Object o : outcomes) {
            assertEquals("200/2/Bearer at-2", o);
        }
        assertEquals(2, server.requests.get(), "one refresh for the whole storm");
        assertEquals(2 * calls, apiHits.get());
    }

    @Test
    void aServerThatAlwaysAnswers401YieldsThe401AfterTwoAttempts() throws Exception {
        api(t -> false);
        try (Response r = apiClient().newCall(get()).execute()) {
            assertEquals(401, r.code());
            assertEquals(401, r.priorResponse().code());
            assertNull(r.priorResponse().priorResponse());
        }
        assertEquals(2, apiHits.get());
        assertEquals(List.of("Bearer at-1", "Bearer at-2"), new ArrayList<>(apiAuthorizations));
    }

    @Test
    void aOneShotBodyIsNotReplayed() throws Exception {
        api(t -> false);
        RequestBody oneShot = new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/json");
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8("{\"stream\":true}");
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
        Request post = new Request.Builder().url(server.server.url("/api/upload")).post(oneShot).build();
        try (Response r = apiClient().newCall(post).execute()) {
            assertEquals(401, r.code());
            assertNull(r.priorResponse());
        }
        assertEquals(1, apiHits.get());
    }

    @Test
    void aUserClientWithOneRequestPerHostAndAnExpiredTokenDoesNotDeadlock() throws Exception {
        api(t -> !t.isEmpty());
        tokens.token();
        clock.advanceSeconds(3600); // expired: every call needs the token endpoint, on the same host
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(1);
        OkHttpClient api = BearerAuth.install(new OkHttpClient.Builder().dispatcher(dispatcher), tokens).build();
        CountDownLatch done = new CountDownLatch(10);
        Queue<Object> outcomes = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 10; i++) {
            api.newCall(get()).enqueue(recording(outcomes, done));
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "all 10 async calls finished");
        for (Object o : outcomes) {
            assertEquals(200, o);
        }
        assertEquals(2, server.requests.get());
    }

    @Test
    void anAsyncCallFailsWithAnIOExceptionWhenNoTokenCanBeHad() throws Exception {
        api(t -> true);
        server.failWith(401, "invalid_client");
        CountDownLatch done = new CountDownLatch(1);
        Queue<Object> outcomes = new ConcurrentLinkedQueue<>();
        apiClient().newCall(get()).enqueue(recording(outcomes, done));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        BearerTokenUnavailableException e = assertInstanceOf(BearerTokenUnavailableException.class, outcomes.peek());
        assertInstanceOf(OAuthErrorException.class, e.getCause());
        assertEquals(0, apiHits.get());
    }

    /** A provider that hands out the cache's tokens but whose invalidate fails, like a broken store would. */
    private TokenProvider failingInvalidate() {
        return new TokenProvider() {
            @Override
            public AccessToken token() {
                return tokens.token();
            }

            @Override
            public void invalidate(AccessToken rejected) {
                throw new IllegalStateException("store unavailable");
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aProviderFailingToInvalidateSurfacesAsAnIOExceptionSyncAndAsync() throws Exception {
        api(t -> false);
        OkHttpClient client = BearerAuth.install(new OkHttpClient.Builder(), failingInvalidate()).build();
        BearerTokenUnavailableException sync = assertThrows(BearerTokenUnavailableException.class,
                () -> client.newCall(get()).execute());
        assertInstanceOf(IllegalStateException.class, sync.getCause());
        assertTrue(sync.getMessage().startsWith("The bearer token was rejected (HTTP 401) and could not be renewed"),
                sync.getMessage());

        CountDownLatch done = new CountDownLatch(1);
        Queue<Object> outcomes = new ConcurrentLinkedQueue<>();
        client.newCall(get()).enqueue(recording(outcomes, done));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        BearerTokenUnavailableException async = assertInstanceOf(BearerTokenUnavailableException.class, outcomes.peek());
        assertInstanceOf(IllegalStateException.class, async.getCause());
        client.dispatcher().executorService().shutdown();
    }

    @Test
    void aProviderReturningNullIsAnIOExceptionNotANullPointer() {
        api(t -> true);
        TokenProvider broken = new TokenProvider() {
            @Override
            public AccessToken token() {
                return null;
            }

            @Override
            public void invalidate(AccessToken rejected) {
            }

            @Override
            public void close() {
            }
        };
        OkHttpClient client = BearerAuth.install(new OkHttpClient.Builder(), broken).build();
        BearerTokenUnavailableException e = assertThrows(BearerTokenUnavailableException.class,
                () -> client.newCall(get()).execute());
        assertEquals("No bearer token available: the TokenProvider returned null; fix the TokenProvider implementation",
                e.getMessage());
        assertEquals(0, apiHits.get());
    }

    /** Records each async outcome (the IOException, or the status code) and counts down. */
    private static Callback recording(Queue<Object> outcomes, CountDownLatch done) {
        return new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                outcomes.add(e);
                done.countDown();
            }

            @Override
            public void onResponse(Call call, Response response) {
                outcomes.add(response.code());
                response.close();
                done.countDown();
            }
        };
    }
}
