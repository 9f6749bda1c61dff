package dev.commerceauth.benchmarks;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cold start: wall time of a fresh JVM from spawn to exit, having fetched its first token, for
 * {@link ColdStartSdk} versus {@link ColdStartBaseline}.
 *
 * <p>Fair because the emulator is started once, here, in this parent process, and is already warm
 * (one request of each kind before timing) when the children run; both children are the same
 * {@code java} binary with the same flags and the same class path (this jar); the runs alternate
 * in ABBA order so drift (CPU frequency, page cache, the other core's load) hits both sides
 * equally. Reported: wall time (median, min, max) per side, the ratio of the medians and the
 * median of the per-round ratios (each round's two JVMs ran back to back, so they saw the same
 * load); and each child's own CPU time (all threads: JIT, class loading, GC), which depends far
 * less on the machine's other load than wall time.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.commerceauth.benchmarks.ColdStartDriver [rounds]</pre>
 */
public final class ColdStartDriver {

    private ColdStartDriver() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = new File(ColdStartDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        try (Fixture fixture = Fixture.start()) {
            String url = fixture.tokenUrl();
            long[][] ignored = new long[2][1];
            run(java, classPath, ColdStartSdk.class, url, ignored, 0); // warm the emulator and the page cache
            run(java, classPath, ColdStartBaseline.class, url, ignored, 0);
            long[][] sdk = new long[2][rounds]; // [0] wall nanos, [1] CPU millis
            long[][] baseline = new long[2][rounds];
            for (int i = 0; i < rounds; i++) {
                if (i % 2 == 0) {
                    run(java, classPath, ColdStartSdk.class, url, sdk, i);
                    run(java, classPath, ColdStartBaseline.class, url, baseline, i);
                } else {
                    run(java, classPath, ColdStartBaseline.class, url, baseline, i);
                    run(java, classPath, ColdStartSdk.class, url, sdk, i);
                }
            }
            long expected = 2L * rounds + 2;
            if (fixture.tokenRequestCount() != expected) {
                throw new IllegalStateException("expected " + expected + " token requests, the emulator saw "
                        + fixture.tokenRequestCount());
            }
            System.out.printf(Locale.ROOT, "cold start, %d JVMs per side, %s, %d cores%n", rounds,
                    System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
            System.out.println("| side | wall ms: median | min | max | CPU ms (all threads): median |");
            System.out.println("|---|---:|---:|---:|---:|");
            row("SDK (ColdStartSdk)", sdk);
            row("baseline (ColdStartBaseline)", baseline);
            double[] paired = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                paired[i] = (double) sdk[0][i] / baseline[0][i];
            }
            System.out.printf(Locale.ROOT, "wall time: ratio of medians SDK/baseline %.2f×, median of per-round ratios %.2f×%n",
                    median(sdk[0]) / median(baseline[0]), median(paired));
            System.out.printf(Locale.ROOT, "CPU time: ratio of medians SDK/baseline %.2f×%n",
                    median(sdk[1]) / median(baseline[1]));
        }
    }

    /** Runs one child; stores its wall time (ns) in {@code into[0][i]} and its CPU time (ms) in {@code into[1][i]}. */
    private static void run(String java, String classPath, Class<?> main, String url, long[][] into, int i)
            throws Exception {
        List<String> command = List.of(java, "-cp", classPath, main.getName(), url);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes(); // a few bytes; read after exit would also do
        int exit = p.waitFor();
        long elapsed = System.nanoTime() - start;
        if (exit != 0) {
            throw new IllegalStateException(main.getSimpleName() + " exited with " + exit);
        }
        String text = new String(out, StandardCharsets.UTF_8).trim();
        into[0][i] = elapsed;
        into[1][i] = Long.parseLong(text.substring(text.indexOf("cpu_ms=") + 7));
    }

    private static double median(long[] nanos) {
        return median(Arrays.stream(nanos).asDoubleStream().toArray());
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static void row(String side, long[][] runs) {
        long[] s = runs[0].clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", side, median(runs[0]) / 1e6, s[0] / 1e6,
                s[s.length - 1] / 1e6, median(runs[1]));
    }
}
