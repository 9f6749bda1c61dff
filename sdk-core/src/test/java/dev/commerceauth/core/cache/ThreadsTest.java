package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.internal.cache.SharedRefreshExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class ThreadsTest extends CacheTestSupport {

    private OkHttpClient http;

    @Override
    dev.commerceauth.core.TokenClient newClient() {
        http = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();
        return dev.commerceauth.commercelayer.CommerceLayerAuth.builder().baseUrl(server.baseUrl()).clock(clock)
                .okHttpClient(http).build();
    }

    /**
     * Live threads of the client side. MockWebServer's own threads (the test's stand-in for the
     * remote token endpoint, which keeps idle worker threads for 60 s) are not the SDK's and are
     * left out.
     */
    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("MockWebServer")).count();
    }

    private static int poolThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(SharedRefreshExecutor.THREAD_NAME_PREFIX)).count();
    }

    private void quiesceHttp() throws InterruptedException {
        http.connectionPool().evictAll();
        Thread.sleep(50);
    }

    @Test
    void aThousandProvidersAddABoundedNumberOfThreadsAndCloseReturnsToBaseline() throws Exception {
        // warm up OkHttp and MockWebServer, then measure the baseline
        client.requestToken(CLIENT_CREDENTIALS);
        quiesceHttp();
        await("no pool threads from earlier tests", 15, () -> poolThreads() == 0);
        int baseline = liveThreads();

                server.expiresIn = 600;
        List<CachingTokenProvider> providers = new ArrayList<>();
        AtomicInteger maxPool = new AtomicInteger();
        AtomicInteger maxAdded = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            CachingTokenProvider p = sharedProvider(CLIENT_CREDENTIALS).build();
            providers.add(p);
            p.token();
            if (i % 50 == 0) {
                maxPool.accumulateAndGet(poolThreads(), Math::max);
                maxAdded.accumulateAndGet(liveThreads() - baseline, Math::max);
            }
        }
        // now make all 1,000 refresh ahead at once: 1,000 background requests queued together
        clock.advanceSeconds(520);
        for (CachingTokenProvider p : providers) {
            p.token();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.requests.get() < 2001 && System.nanoTime() < deadline) {
            maxPool.accumulateAndGet(poolThreads(), Math::max);
            maxAdded.accumulateAndGet(liveThreads() - baseline, Math::max);
            Thread.sleep(5);
        }
        assertEquals(2001, server.requests.get());
        assertTrue(maxPool.get() <= SharedRefreshExecutor.MAX_THREADS, "pool threads: " + maxPool.get());
        // the shared pool + OkHttp's connection pool cleaner, not 1,000
        assertTrue(maxAdded.get() <= SharedRefreshExecutor.MAX_THREADS + 2, "added threads: " + maxAdded.get());

        for (CachingTokenProvider p : providers) {
            p.close();
        }
        quiesceHttp();
        await("pool threads gone", 10, () -> poolThreads() == 0);
        await("back to baseline", 10, () -> {
            http.connectionPool().evictAll();
            return liveThreads() <= baseline;
        });
    }
}
