package dev.commerceauth.benchmarks;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wire overhead: one {@link SellyticsAuth#requestToken} with a {@link ClientCredentialsGrant}
 * over loopback versus {@link HandWrittenTokenCall}, a hand-written OkHttp 3.14.9 form POST with
 * a Gson parse of the same response.
 *
 * <p>Fair because both sides send the same credentials to the same server and get the same
 * response; each keeps its own OkHttp connection pool, so each reuses one keep-alive connection;
 * both run on one thread. The difference is the SDK's own work: Retrofit dispatch, the body cap,
 * error mapping, validation and building the {@code AccessToken}.
 *
 * <p>Two servers, two pairs:
 * <ul>
 *   <li>{@code emulator_*}: the embedded emulator (sellytics dialect, no rate limit), started once
 *       per trial. It checks the credentials and signs an RS256 JWT per request, and that server
 *       time is in both sides' figure: the ratio a user would see against a real endpoint, which
 *       is even slower.</li>
 *   <li>{@code inMemory_*}: both OkHttp clients get the same {@link InMemoryTransport}, sockets
 *       that answer every request with one response recorded from the same emulator. OkHttp's
 *       full HTTP/1.1 stack runs on both sides, but no network, kernel or server thread: what is
 *       left is each side's own work per request, so this is the strict ratio, and the one that
 *       does not drown in the noise of a shared 2-core VM, where one loopback round trip costs
 *       about a millisecond of thread wake-ups.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
@Threads(1)
public class WireOverheadBenchmark {

    /** The two clients of one token URL. */
    public abstract static class Clients {
        SellyticsAuth sdk;
        ClientCredentialsGrant grant = Fixture.grant();
        OkHttpClient okHttp;
        HandWrittenTokenCall baseline;

        void connect(String tokenUrl, OkHttpClient.Builder http) throws IOException {
            sdk = SellyticsAuth.builder().tokenUrl(tokenUrl).okHttpClient(http.build()).build();
            okHttp = http.build();
            baseline = Fixture.baseline(okHttp, tokenUrl);
            sdk.requestToken(grant); // both sides must work before anything is measured
            baseline.fetch();
        }

        void disconnect() {
            okHttp.dispatcher().executorService().shutdown();
            okHttp.connectionPool().evictAll();
        }
    }

    /** The embedded emulator. */
    @State(Scope.Benchmark)
    public static class Emulator extends Clients {
        Fixture fixture;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            fixture = Fixture.start();
            connect(fixture.tokenUrl(), new OkHttpClient.Builder());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            disconnect();
            fixture.close();
        }
    }

    /** Sockets in memory replaying one recorded emulator response. */
    @State(Scope.Benchmark)
    public static class InMemory extends Clients {
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            String body;
            String path;
            try (Fixture fixture = Fixture.start()) {
                body = fixture.recordTokenResponse();
                path = URI.create(fixture.tokenUrl()).getRawPath();
            }
            // An IP literal: no DNS lookup; the port is never connected to.
            connect("http://127.0.0.1:9" + path, new OkHttpClient.Builder().socketFactory(new InMemoryTransport(body)));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            disconnect();
        }
    }

    @Benchmark
    public AccessToken emulator_sdk(Emulator s) {
        return s.sdk.requestToken(s.grant);
    }

    @Benchmark
    public HandWrittenTokenCall.Token emulator_baseline(Emulator s) throws IOException {
        return s.baseline.fetch();
    }

    @Benchmark
    public AccessToken inMemory_sdk(InMemory s) {
        return s.sdk.requestToken(s.grant);
    }

    @Benchmark
    public HandWrittenTokenCall.Token inMemory_baseline(InMemory s) throws IOException {
        return s.baseline.fetch();
    }
}
