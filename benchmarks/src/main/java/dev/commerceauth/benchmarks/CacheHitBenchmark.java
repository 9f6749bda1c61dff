package dev.commerceauth.benchmarks;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * Cache hit: {@link TokenProvider#token()} on a fresh token (the path every API call takes)
 * versus the physical floor of any in-memory token cache: one {@link AtomicReference#get()} and
 * one expiry comparison against the same {@link Clock#systemUTC()} the provider reads.
 *
 * <p>Fair because both sides do the least work a correct cache can do: read a published
 * reference, read the clock once, compare against a precomputed deadline, return the token.
 * The provider's first token is fetched from the embedded emulator in the trial setup (24 h
 * lifetime, so no refresh happens during the run); after that no request is made. The floor's
 * deadline is precomputed as epoch millis, which is the cheapest form there is. Both return the
 * token so JMH consumes it. {@code _1t} runs on one thread, {@code _8t} on eight threads sharing
 * one provider (on a 2-core machine eight threads oversubscribe the cores; the figure shows that
 * shared reads do not contend, not a scaling curve).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
public class CacheHitBenchmark {

    /** What a hand-rolled cache stores: the token and the instant (epoch millis) it stops being usable. */
    record Cached(AccessToken token, long usableUntilMillis) {
    }

    private Fixture fixture;
    private TokenProvider provider;
    private final AtomicReference<Cached> floor = new AtomicReference<>();
    private final Clock clock = Clock.systemUTC();

    @Setup(Level.Trial)
    public void setUp() {
        fixture = Fixture.start();
        provider = fixture.sdkClient().tokenProvider(Fixture.grant());
        AccessToken token = provider.token(); // the one and only request
        floor.set(new Cached(token, token.expiresAt().toEpochMilli() - 300_000));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long requests = fixture.tokenRequestCount();
        provider.close();
        fixture.close();
        if (requests != 1) {
            throw new IllegalStateException("expected exactly 1 token request, the emulator saw " + requests);
        }
    }

    private AccessToken floorToken() {
        Cached c = floor.get();
        if (clock.millis() < c.usableUntilMillis()) {
            return c.token();
        }
        throw new IllegalStateException("expired");
    }

    @Benchmark
    @Threads(1)
    public AccessToken hit_1t_sdk() {
        return provider.token();
    }

    @Benchmark
    @Threads(1)
    public AccessToken hit_1t_baseline() {
        return floorToken();
    }

    @Benchmark
    @Threads(8)
    public AccessToken hit_8t_sdk() {
        return provider.token();
    }

    @Benchmark
    @Threads(8)
    public AccessToken hit_8t_baseline() {
        return floorToken();
    }
}
