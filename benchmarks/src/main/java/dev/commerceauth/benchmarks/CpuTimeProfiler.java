package dev.commerceauth.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the benchmark JVM's CPU time per operation, all threads, so an
 * in-process server's work is counted too, equally on both sides of a pair: {@code cpu.user.norm}
 * (user mode: the Java code of client and server) and {@code cpu.sys.norm} (kernel: sockets,
 * thread wake-ups). On a shared 2-core VM wall time swings with whatever else runs and with how
 * long a sleeping vCPU takes to wake up for each loopback round trip; user CPU time per operation
 * swings far less, so it is the steadier measure of how much work each side does. Linux only
 * ({@code /proc/self/stat}, 10 ms ticks: use iterations of a second or more). Use with
 * {@code -prof dev.commerceauth.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private long[] start;

    @Override
    public String getDescription() {
        return "JVM CPU time (all threads, user and kernel) per operation, from /proc/self/stat";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = SelfCpu.userAndSystemMillis();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long[] end = SelfCpu.userAndSystemMillis();
        long ops = result.getMetadata().getAllOps();
        List<ScalarResult> results = new ArrayList<>();
        if (start != null && end != null && ops > 0) {
            results.add(new ScalarResult("cpu.user.norm", (end[0] - start[0]) * 1e6 / ops, "ns/op", AggregationPolicy.AVG));
            results.add(new ScalarResult("cpu.sys.norm", (end[1] - start[1]) * 1e6 / ops, "ns/op", AggregationPolicy.AVG));
        }
        return results;
    }
}
