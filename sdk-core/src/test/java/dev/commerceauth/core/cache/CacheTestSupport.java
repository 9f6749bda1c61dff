package dev.commerceauth.core.cache;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.emulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Shared fixtures: a loopback token server driven by a test clock, and a client for it. */
abstract class CacheTestSupport {

    static final ClientCredentialsGrant CLIENT_CREDENTIALS = ClientCredentialsGrant.builder()
            .clientId("cache-test-client").clientSecret("cache-test-secret").build();

    static final PasswordGrant PASSWORD = PasswordGrant.builder()
            .clientId("administration").username("alice").password("alice-password").build();

    ManualClock clock;
    TokenServer server;
    TokenClient client;
    CountingExecutor executor;

    /** Runs provider requests on a private pool and counts them, so tests can wait for quiescence. */
    static final class CountingExecutor implements java.util.concurrent.Executor {
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-refresh");
            t.setDaemon(true);
            return t;
        });
        final java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void execute(Runnable task) {
            submitted.incrementAndGet();
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    done.incrementAndGet();
                }
            });
        }
    }

    /** Waits until every request a provider started has been fully processed by it. */
    void settle() throws InterruptedException {
        await("provider requests settled", 10, () -> executor.done.get() == executor.submitted.get());
    }

    @BeforeEach
    void startServer() throws Exception {
        clock = ManualClock.startingAt(Instant.now());
        server = new TokenServer(clock);
        client = newClient();
        executor = new CountingExecutor();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        executor.pool.shutdownNow();
    }

    /** The real Commerce Layer client (it supports all five grants), pointed at the loopback server. */
    TokenClient newClient() {
        return CommerceLayerAuth.builder().baseUrl(server.baseUrl()).clock(clock)
                .readTimeout(Duration.ofSeconds(5)).build();
    }

    CachingTokenProvider.Builder provider(Grant grant) {
        return CachingTokenProvider.builder(client, grant)
                .executor(executor)
                .waitTimeout(Duration.ofSeconds(10));
    }

    /** A provider on the shared, bounded pool (the default). */
    CachingTokenProvider.Builder sharedProvider(Grant grant) {
        return CachingTokenProvider.builder(client, grant)
                .waitTimeout(Duration.ofSeconds(10));
    }

    CachingTokenProvider.Builder provider() {
        return provider(CLIENT_CREDENTIALS);
    }

    /** Polls until {@code condition} holds; fails after {@code seconds}. */
    static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for: " + what);
            }
            Thread.sleep(2);
        }
    }

    /**
     * Runs {@code task} on {@code n} threads at once; {@code whileRunning} runs once every thread is
     * parked (waiting for the shared request). Returns each thread's value or throwable.
     */
    static List<Object> concurrently(int n, Callable<?> task, Runnable whileWaiting) throws InterruptedException {
        Object[] outcomes = new Object[n];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int idx = i;
            Thread t = new Thread(() -> {
                try {
                    outcomes[idx] = task.call();
                } catch (Throwable e) {
                    outcomes[idx] = e;
                }
            }, "caller-" + i);
            threads.add(t);
        }
        for (Thread t : threads) {
            t.start();
        }
        if (whileWaiting != null) {
            await("all callers parked", 20, () -> threads.stream().allMatch(t ->
                    t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING
                            || t.getState() == Thread.State.TERMINATED));
            whileWaiting.run();
        }
        for (Thread t : threads) {
            t.join(20_000);
            if (t.isAlive()) {
                throw new AssertionError("caller did not finish: " + t.getName());
            }
        }
        List<Object> out = new ArrayList<>();
        for (Object o : outcomes) {
            out.add(o);
        }
        return out;
    }
}
