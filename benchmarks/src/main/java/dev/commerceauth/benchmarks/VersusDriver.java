package dev.commerceauth.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * This SDK against the Nimbus OAuth 2.0 SDK and Spring Security's OAuth2 client (issue 15): one
 * client_credentials token request each, against <b>one</b> token server, the project's emulator
 * run from its standalone jar in a JVM of its own, so the server's work is in nobody's CPU figure.
 *
 * <p><b>Uncached fetch</b>, in this JVM: the three sides ({@link SdkSide}, {@link NimbusSide},
 * {@link SpringSide}) are built once (each reuses its keep-alive connection), warmed up, then
 * measured in rounds whose order alternates (ABC, CBA, …) so drift hits all sides alike. Per round
 * and side: the median latency of single fetches, the CPU time per fetch of all Java threads of
 * this JVM, which holds only the clients (a side's selector or pool threads count; per-thread
 * clocks, ns resolution), the whole process's CPU time per fetch (GC and JIT too; 10 ms ticks),
 * and the bytes allocated per fetch (all threads). Reported: the median
 * over rounds, and the median of the per-round ratios, which is the steadier figure on a shared
 * machine. Then as many rounds with this SDK and Nimbus <b>taking turns fetch by fetch</b>
 * (latency only, three times as many fetches): on a machine whose speed drifts by a third between
 * blocks of a few hundred fetches this is the figure to compare the two by.
 *
 * <p><b>Cold start</b>: a fresh {@code java} per sample, on a class path of that side's own jars
 * (from {@code benchmarks/target/lib}) and this module's classes, from spawn to exit after its
 * first token ({@link ColdStartSdkRequest}, {@link ColdStartSdk} through a {@code TokenProvider},
 * {@link ColdStartNimbus}, {@link ColdStartSpring}), alternating; then one untimed run per side
 * with {@code -Xlog:class+load} that counts the classes loaded and where from.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.commerceauth.benchmarks.VersusDriver [rounds] [fetches] [coldRounds] [jvm option…]</pre>
 * JVM options after the third argument go to every cold-start child (for example
 * {@code -XX:SharedArchiveFile=…}). With {@code -Dversus.tls=true} every side talks https to a
 * {@link TlsFront} (own JVM) before the emulator, trusting the JDK's roots plus the front's certificate.
 */
public final class VersusDriver {

    private static final int WARMUP_FETCHES = 3000;
    private static final int ROUND_WARMUP = 100;
    /** Fetches per side and round of the interleaved phase, as a multiple of the block rounds' fetches. */
    private static final int INTERLEAVED_FACTOR = 3;

    /** The jars of each side in {@code target/lib}, by file name prefix. */
    private static final Map<String, List<String>> JARS = new LinkedHashMap<>();

    static {
        JARS.put("this SDK", List.of("sdk-core-", "sdk-generated-", "retrofit-", "converter-gson-", "okhttp-", "okio-",
                "gson-", "error_prone_annotations-"));
        JARS.put("Nimbus", List.of("oauth2-oidc-sdk-", "nimbus-jose-jwt-", "json-smart-", "accessors-smart-", "asm-",
                "content-type-", "lang-tag-", "jcip-annotations-"));
        // Spring's own jars and the JSON library its converter finds (Gson); the Nimbus 9.43 it would bring
        // is excluded in the POM (not used by the token client), so its footprint is a lower bound
        JARS.put("Spring", List.of("spring-", "micrometer-", "gson-", "error_prone_annotations-"));
    }

    private VersusDriver() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int fetches = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int coldRounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<String> childOptions = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        Path target = Path.of(VersusDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path lib = target.resolve("lib");
        Path classes = target.resolve("classes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf(Locale.ROOT, "versus: %s, %d cores, load average at start %s%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), loadAverage());

        Process server = startEmulator(java, lib);
        Process front = null;
        try {
            String url = tokenUrl(server);
            System.out.println("token server (own JVM, pid " + server.pid() + "): " + url);
            if (Boolean.getBoolean("versus.tls")) {
                front = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TlsFront.class.getName(), url)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String[] urlAndTrustStore = valueAfter(front, "front", "TLS front").split(" ");
                url = urlAndTrustStore[0];
                Map<String, String> trust = TlsFront.trustProperties(urlAndTrustStore[1]);
                trust.forEach(System::setProperty); // this JVM's sides, before any of them sets up TLS
                childOptions = Stream.concat(trust.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()),
                        childOptions.stream()).collect(Collectors.toList());
                System.out.println("over https through a TLS front (own JVM, pid " + front.pid()
                        + "; trust: the JDK's cacerts + its certificate): " + url);
            }
            Map<String, double[]> fetch = new LinkedHashMap<>();
            if (rounds > 0) {
                List<VersusSide> sides = List.of(new SdkSide(url), new NimbusSide(url), new SpringSide(url));
                fetch.putAll(fetchRounds(sides, rounds, fetches));
                fetch.putAll(interleavedRounds(sides.subList(0, 2), rounds, fetches * INTERLEAVED_FACTOR));
            }
            System.out.printf(Locale.ROOT, "load average after the fetch rounds %s%n", loadAverage());
            Map<String, double[]> cold = coldRounds > 0 ? coldRounds(java, lib, classes, url, coldRounds, childOptions) : Map.of();
            System.out.printf(Locale.ROOT, "load average at the end %s%n", loadAverage());
            summary(fetch, cold, lib);
        } finally {
            if (front != null) {
                front.destroy();
                front.waitFor(10, TimeUnit.SECONDS);
            }
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- the token server ----

    private static Process startEmulator(String java, Path lib) throws IOException {
        Path jar = jars(lib, List.of("sdk-emulator-")).get(0);
        // Nagle off on the JDK's HTTP server, as in Fixture: without it every response waits for a delayed ACK
        return new ProcessBuilder(java, "-Dsun.net.httpserver.nodelay=true", "-jar", jar.toString(), "--port", "0")
                .redirectErrorStream(true).start();
    }

    private static String tokenUrl(Process server) throws IOException {
        return valueAfter(server, "sellytics token URL", "emulator");
    }

    /**
     * What follows {@code prefix} on the first output line of {@code process} that starts with it
     * (after leading blanks); the rest of its output is read on a daemon thread so that the pipe
     * never fills.
     */
    private static String valueAfter(Process process, String prefix, String what) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.trim().startsWith(prefix)) {
                String value = line.trim().substring(prefix.length()).trim();
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException ignored) {
                        // the process stopped
                    }
                }, what + "-output");
                drain.setDaemon(true);
                drain.start();
                return value;
            }
        }
        throw new IOException("the " + what + " exited before printing '" + prefix + "'");
    }

    // ---- uncached fetch ----

    /** Per side: {median latency µs, process CPU µs/fetch, Java threads' CPU µs/fetch, bytes/fetch} per round, flattened. */
    private static Map<String, double[]> fetchRounds(List<VersusSide> sides, int rounds, int fetches) throws Exception {
        for (VersusSide side : sides) {
            for (int i = 0; i < WARMUP_FETCHES; i++) {
                check(side, side.fetch());
            }
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[][][] m = new double[sides.size()][4][rounds];
        long[] lat = new long[fetches];
        for (int r = 0; r < rounds; r++) {
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
            if (r % 2 == 1) {
                Collections.reverse(order);
            }
            for (int s : order) {
                VersusSide side = sides.get(s);
                for (int i = 0; i < ROUND_WARMUP; i++) {
                    check(side, side.fetch());
                }
                Map<String, Long> split0 = cpuByThreadName(threads);
                long alloc0 = allocated(threads);
                long cpu0 = os.getProcessCpuTime();
                long thread0 = threadCpu(threads);
                for (int i = 0; i < fetches; i++) {
                    long t0 = System.nanoTime();
                    String token = side.fetch();
                    lat[i] = System.nanoTime() - t0;
                    check(side, token);
                }
                long thread1 = threadCpu(threads);
                long cpu1 = os.getProcessCpuTime();
                long alloc1 = allocated(threads);
                if (r == rounds - 1) {
                    printSplit(side.name(), split0, cpuByThreadName(threads), fetches);
                }
                m[s][0][r] = median(lat) / 1e3;
                m[s][1][r] = (cpu1 - cpu0) / 1e3 / fetches;
                m[s][2][r] = (thread1 - thread0) / 1e3 / fetches;
                m[s][3][r] = (double) (alloc1 - alloc0) / fetches;
            }
            System.out.printf(Locale.ROOT, "round %d (SDK / Nimbus / Spring): median µs %s; Java threads' CPU µs/fetch %s;"
                    + " process CPU µs/fetch %s; KB/fetch %s%n", r + 1, row(m, 0, r, 0), row(m, 2, r, 0), row(m, 1, r, 0),
                    row(m, 3, r, 1e3));
        }
        Map<String, double[]> result = new LinkedHashMap<>();
        for (int s = 0; s < sides.size(); s++) {
            result.put(sides.get(s).name() + "#latency", m[s][0]);
            result.put(sides.get(s).name() + "#cpu", m[s][1]);
            result.put(sides.get(s).name() + "#threadCpu", m[s][2]);
            result.put(sides.get(s).name() + "#alloc", m[s][3]);
        }
        return result;
    }

    /**
     * The interleaved phase, this SDK against Nimbus (the target): the two take turns fetch
     * by fetch, the first of each pair alternating, so each always follows the other and a slower or
     * faster moment of the machine hits both within microseconds rather than within a block of
     * fetches. Spring is left out: its answers complete on worker threads that may still run when
     * the next side starts. Latency only: other threads' CPU and allocation cannot be told apart
     * fetch by fetch. Per side: the median latency per round.
     */
    private static Map<String, double[]> interleavedRounds(List<VersusSide> pair, int rounds, int fetches) throws Exception {
        double[][] m = new double[2][rounds];
        long[][] lat = new long[2][fetches];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < fetches; i++) {
                for (int k = 0; k < 2; k++) {
                    int s = (i + k) % 2;
                    long t0 = System.nanoTime();
                    String token = pair.get(s).fetch();
                    lat[s][i] = System.nanoTime() - t0;
                    check(pair.get(s), token);
                }
            }
            m[0][r] = median(lat[0]) / 1e3;
            m[1][r] = median(lat[1]) / 1e3;
            System.out.printf(Locale.ROOT, "interleaved round %d (SDK / Nimbus, %d fetches each, taking turns): median µs"
                    + " %.1f / %.1f, ratio %.3f%n", r + 1, fetches, m[0][r], m[1][r], m[0][r] / m[1][r]);
        }
        Map<String, double[]> result = new LinkedHashMap<>();
        result.put(pair.get(0).name() + "#interleaved", m[0]);
        result.put(pair.get(1).name() + "#interleaved", m[1]);
        return result;
    }

    private static String row(double[][][] m, int what, int round, double scale) {
        return Arrays.stream(m).map(s -> String.format(Locale.ROOT, "%.1f", scale == 0 ? s[what][round] : s[what][round] / scale))
                .collect(Collectors.joining(" / "));
    }

    private static void check(VersusSide side, String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalStateException(side.name() + " returned no token");
        }
    }

    /** CPU time of all live Java threads (not the JVM's GC and compiler threads), in ns, per-thread clocks. */
    private static long threadCpu(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long t : threads.getThreadCpuTime(threads.getAllThreadIds())) {
            sum += Math.max(0, t);
        }
        return sum;
    }

    /** CPU time (ns) of the live Java threads, summed by thread name. */
    private static Map<String, Long> cpuByThreadName(com.sun.management.ThreadMXBean threads) {
        Map<String, Long> byName = new LinkedHashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                byName.merge(info.getThreadName(), Math.max(0, cpu), Long::sum);
            }
        }
        return byName;
    }

    /** The last round's CPU per fetch by thread, for the threads that used at least 1 µs per fetch. */
    private static void printSplit(String side, Map<String, Long> before, Map<String, Long> after, int fetches) {
        StringBuilder line = new StringBuilder("  " + side + ", CPU µs/fetch by thread (last round):");
        after.forEach((name, cpu) -> {
            double perFetch = (cpu - before.getOrDefault(name, 0L)) / 1e3 / fetches;
            if (perFetch >= 1) {
                line.append(String.format(Locale.ROOT, " %s %.1f;", name, perFetch));
            }
        });
        System.out.println(line);
    }

    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    // ---- cold start ----

    private static Map<String, double[]> coldRounds(String java, Path lib, Path classes, String url, int rounds,
            List<String> childOptions) throws Exception {
        Map<String, Class<?>> mains = new LinkedHashMap<>();
        mains.put("this SDK", ColdStartSdkRequest.class);
        mains.put("this SDK (TokenProvider)", ColdStartSdk.class);
        mains.put("Nimbus", ColdStartNimbus.class);
        mains.put("Spring", ColdStartSpring.class);
        List<String> names = new ArrayList<>(mains.keySet());
        Map<String, String> classPaths = new LinkedHashMap<>();
        for (String name : names) {
            List<Path> jars = jars(lib, JARS.get(name.startsWith("this SDK") ? "this SDK" : name));
            classPaths.put(name, Stream.concat(Stream.of(classes), jars.stream()).map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator)));
        }
        for (String name : names) {
            ColdStartDriver.run(java, classPaths.get(name), mains.get(name), url, childOptions); // page cache, server warm
        }
        double[][] wall = new double[names.size()][rounds];
        double[][] cpu = new double[names.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                order.add(i);
            }
            if (r % 2 == 1) {
                Collections.reverse(order);
            }
            for (int s : order) {
                long[] w = ColdStartDriver.run(java, classPaths.get(names.get(s)), mains.get(names.get(s)), url, childOptions);
                wall[s][r] = w[0] / 1e6;
                cpu[s][r] = w[1];
            }
        }
        Map<String, double[]> result = new LinkedHashMap<>();
        Path logs = Files.createTempDirectory("versus-classes-");
        System.out.println("cold start, classes loaded (one -Xlog:class+load run per side):");
        for (int s = 0; s < names.size(); s++) {
            String name = names.get(s);
            result.put(name + "#wall", wall[s]);
            result.put(name + "#cpu", cpu[s]);
            Path log = logs.resolve("classes-" + s + ".log");
            List<String> options = new ArrayList<>(childOptions);
            options.add("-Xlog:class+load:file=" + log);
            ColdStartDriver.run(java, classPaths.get(name), mains.get(name), url, options);
            List<String> lines = Files.readAllLines(log);
            long shared = lines.stream().filter(l -> l.contains("shared objects file")).count();
            long jrt = lines.stream().filter(l -> l.contains("source: jrt:/")).count();
            long fromJars = lines.stream().filter(l -> l.contains("source: file:")).count();
            System.out.printf(Locale.ROOT, "  %s: %d classes, %d from the CDS archive, %d from jrt:/, %d from the class path,"
                    + " %d other (generated, proxies, lambdas)%n", name, lines.size(), shared, jrt, fromJars,
                    lines.size() - shared - jrt - fromJars);
            result.put(name + "#classes", new double[] {lines.size(), fromJars});
            Files.delete(log);
        }
        Files.delete(logs);
        return result;
    }

    // ---- report ----

    private static void summary(Map<String, double[]> fetch, Map<String, double[]> cold, Path lib) throws IOException {
        String sdk = "this SDK";
        String nimbus = "Nimbus";
        String spring = "Spring";
        System.out.println();
        System.out.println("| figure | this SDK | Nimbus | Spring | SDK / Nimbus | SDK / Spring |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        if (!fetch.isEmpty()) {
            line("uncached fetch over loopback, median (µs)", fetch, "#latency", sdk, nimbus, spring, "%,.0f");
            double[] a = fetch.get(sdk + "#interleaved");
            double[] b = fetch.get(nimbus + "#interleaved");
            System.out.printf(Locale.ROOT, "| uncached fetch, SDK and Nimbus taking turns fetch by fetch, median (µs) | %,.0f | %,.0f"
                    + " | — | %s | — |%n", median(a), median(b), ratio(a, b));
            line("client CPU per uncached fetch, all Java threads (µs)", fetch, "#threadCpu", sdk, nimbus, spring, "%,.0f");
            line("client CPU per uncached fetch, whole process incl. GC and JIT (µs)", fetch, "#cpu", sdk, nimbus, spring,
                    "%,.0f");
            line("allocation per uncached fetch, all threads (KB)", scaled(fetch, "#alloc", 1e-3), "#alloc", sdk, nimbus,
                    spring, "%,.1f");
        }
        if (!cold.isEmpty()) {
            line("cold JVM to first token, median (ms)", cold, "#wall", sdk, nimbus, spring, "%,.0f");
            line("cold JVM to first token via TokenProvider, median (ms)", cold, "#wall", sdk + " (TokenProvider)", nimbus,
                    spring, "%,.0f");
            line("cold JVM CPU, all threads, median (ms)", cold, "#cpu", sdk, nimbus, spring, "%,.0f");
            System.out.printf(Locale.ROOT, "| classes loaded (from jars) | %s | %s | %s | | |%n", classes(cold, sdk),
                    classes(cold, nimbus), classes(cold, spring));
        }
        System.out.printf(Locale.ROOT, "| runtime class path (KiB) | %,d | %,d | %,d | %.2f× | %.2f× |%n", kib(lib, sdk),
                kib(lib, nimbus), kib(lib, spring), (double) kib(lib, sdk) / kib(lib, nimbus),
                (double) kib(lib, sdk) / kib(lib, spring));
        System.out.println();
        System.out.println("Each figure is the median over rounds; a ratio is the median of the per-round ratios"
                + " (the ratio of the medians in brackets). Below 1.00× the SDK is better.");
    }

    private static Map<String, double[]> scaled(Map<String, double[]> m, String key, double factor) {
        Map<String, double[]> s = new LinkedHashMap<>();
        m.forEach((k, v) -> s.put(k, k.endsWith(key) ? Arrays.stream(v).map(x -> x * factor).toArray() : v));
        return s;
    }

    private static void line(String what, Map<String, double[]> m, String key, String sdk, String nimbus, String spring,
            String format) {
        double[] a = m.get(sdk + key);
        double[] b = m.get(nimbus + key);
        double[] c = m.get(spring + key);
        Function<double[], String> f = v -> String.format(Locale.ROOT, format, median(v));
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", what, f.apply(a), f.apply(b), f.apply(c),
                ratio(a, b), ratio(a, c));
    }

    private static String ratio(double[] a, double[] b) {
        double[] paired = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            paired[i] = a[i] / b[i];
        }
        return String.format(Locale.ROOT, "%.2f× (%.2f×)", median(paired), median(a) / median(b));
    }

    private static String classes(Map<String, double[]> cold, String side) {
        double[] c = cold.get(side + "#classes");
        return String.format(Locale.ROOT, "%,.0f (%,.0f)", c[0], c[1]);
    }

    private static long kib(Path lib, String side) throws IOException {
        long bytes = 0;
        for (Path jar : jars(lib, JARS.get(side))) {
            bytes += Files.size(jar);
        }
        return bytes / 1024;
    }

    private static List<Path> jars(Path lib, List<String> prefixes) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            List<Path> jars = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".jar") && prefixes.stream().anyMatch(n::startsWith);
            }).sorted().collect(Collectors.toList());
            if (jars.isEmpty()) {
                throw new IOException("no jars " + prefixes + " in " + lib + "; build with mvn -pl benchmarks -am package");
            }
            return jars;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static double median(long[] values) {
        return ColdStartDriver.median(values);
    }

    private static double median(double[] values) {
        return ColdStartDriver.median(values);
    }
}
