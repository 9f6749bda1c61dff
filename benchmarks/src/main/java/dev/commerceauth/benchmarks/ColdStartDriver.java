package dev.commerceauth.benchmarks;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Cold start: wall time of a fresh JVM from spawn to exit, having fetched its first token, for
 * {@link ColdStartSdk} versus {@link ColdStartBaseline}, with {@link ColdStartGenerated} (the
 * generated Retrofit API alone) in between to split the difference into Retrofit's share and the
 * SDK's own.
 *
 * <p>Fair because the emulator is started once, here, in this parent process, and is already warm
 * (one request of each kind before timing) when the children run; all children are the same
 * {@code java} binary with the same flags and the same class path (this jar); the runs alternate
 * in ABC CBA order so drift (CPU frequency, page cache, the other core's load) hits all sides
 * equally. Reported: wall time (median, min, max) per side, the ratio of the medians and the
 * median of the per-round ratios (each round's JVMs ran back to back, so they saw the same load);
 * and each child's own CPU time (all threads: JIT, class loading, GC), which depends far less on
 * the machine's other load than wall time. A last, untimed pass runs each side three more times
 * with {@code -Xlog} to count what explains the difference: classes loaded and GC pauses.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.commerceauth.benchmarks.ColdStartDriver [rounds]</pre>
 */
public final class ColdStartDriver {

    private static final List<Class<?>> SIDES = List.of(ColdStartSdk.class, ColdStartGenerated.class,
            ColdStartBaseline.class);
    private static final int SDK = 0;
    private static final int GENERATED = 1;
    private static final int BASELINE = 2;
    private static final int DIAGNOSTIC_RUNS = 3;

    private ColdStartDriver() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = new File(ColdStartDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        try (Fixture fixture = Fixture.start()) {
            String url = fixture.tokenUrl();
            for (Class<?> side : SIDES) {
                run(java, classPath, side, url, List.of()); // warm the emulator and the page cache
            }
            long[][] wallNanos = new long[SIDES.size()][rounds];
            long[][] cpuMillis = new long[SIDES.size()][rounds];
            for (int i = 0; i < rounds; i++) {
                List<Integer> order = new ArrayList<>(List.of(SDK, GENERATED, BASELINE));
                if (i % 2 == 1) {
                    Collections.reverse(order);
                }
                for (int side : order) {
                    long[] r = run(java, classPath, SIDES.get(side), url, List.of());
                    wallNanos[side][i] = r[0];
                    cpuMillis[side][i] = r[1];
                }
            }
            int[][] classes = new int[SIDES.size()][DIAGNOSTIC_RUNS];
            int[][] gcPauses = new int[SIDES.size()][DIAGNOSTIC_RUNS];
            Path logs = Files.createTempDirectory("cold-start-");
            for (int i = 0; i < DIAGNOSTIC_RUNS; i++) {
                for (int side = 0; side < SIDES.size(); side++) {
                    Path classLog = logs.resolve("classes-" + side + "-" + i + ".log");
                    Path gcLog = logs.resolve("gc-" + side + "-" + i + ".log");
                    run(java, classPath, SIDES.get(side), url,
                            List.of("-Xlog:class+load:file=" + classLog, "-Xlog:gc:file=" + gcLog));
                    classes[side][i] = Files.readAllLines(classLog).size();
                    gcPauses[side][i] = (int) Files.readAllLines(gcLog).stream().filter(l -> l.contains("Pause")).count();
                    Files.delete(classLog);
                    Files.delete(gcLog);
                }
            }
            Files.delete(logs);
            long expected = (long) SIDES.size() * (1 + rounds + DIAGNOSTIC_RUNS);
            if (fixture.tokenRequestCount() != expected) {
                throw new IllegalStateException("expected " + expected + " token requests, the emulator saw "
                        + fixture.tokenRequestCount());
            }
            System.out.printf(Locale.ROOT, "cold start, %d JVMs per side, %s, %d cores%n", rounds,
                    System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
            System.out.println("| side | wall ms: median | min | max | CPU ms (all threads): median "
                    + "| classes loaded | GC pauses before exit |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (int side = 0; side < SIDES.size(); side++) {
                long[] s = wallNanos[side].clone();
                Arrays.sort(s);
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %s | %s |%n",
                        SIDES.get(side).getSimpleName(), median(wallNanos[side]) / 1e6, s[0] / 1e6,
                        s[s.length - 1] / 1e6, median(cpuMillis[side]), join(classes[side]), join(gcPauses[side]));
            }
            ratios("SDK/baseline (the target)", wallNanos, cpuMillis, SDK, BASELINE);
            ratios("generated Retrofit API alone/baseline", wallNanos, cpuMillis, GENERATED, BASELINE);
            ratios("SDK/generated Retrofit API alone", wallNanos, cpuMillis, SDK, GENERATED);
        }
    }

    /**
     * Runs one child with extra JVM options; returns its wall time (ns) from spawn to exit and the
     * CPU time (ms) it reported.
     */
    static long[] run(String java, String classPath, Class<?> main, String url, List<String> jvmOptions)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, main.getName(), url));
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
        return new long[] {elapsed, Long.parseLong(text.substring(text.indexOf("cpu_ms=") + 7))};
    }

    private static void ratios(String what, long[][] wallNanos, long[][] cpuMillis, int a, int b) {
        double[] paired = new double[wallNanos[a].length];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = (double) wallNanos[a][i] / wallNanos[b][i];
        }
        System.out.printf(Locale.ROOT, "%s: wall ratio of medians %.2f×, median of per-round ratios %.2f×; "
                + "CPU ratio of medians %.2f×%n", what, median(wallNanos[a]) / median(wallNanos[b]), median(paired),
                median(cpuMillis[a]) / median(cpuMillis[b]));
    }

    private static String join(int[] values) {
        StringBuilder b = new StringBuilder();
        for (int v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(v);
        }
        return b.toString();
    }

    static double median(long[] values) {
        return median(Arrays.stream(values).asDoubleStream().toArray());
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
