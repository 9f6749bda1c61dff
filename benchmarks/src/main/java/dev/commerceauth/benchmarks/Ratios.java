package dev.commerceauth.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff results.json}) into side-by-side ratios.
 * Benchmarks come in pairs named {@code <case>_sdk} and {@code <case>_baseline}; for each pair this
 * prints both scores, the ratio sdk / baseline and a pessimistic/optimistic ratio range from the
 * two 99.9 % confidence intervals (JMH's default), so wide error bars stay visible. With
 * {@code -prof gc} it also prints the bytes allocated per operation, and with
 * {@code -prof dev.commerceauth.benchmarks.CpuTimeProfiler} the CPU time per operation: these
 * depend far less than wall time on what else the machine is doing.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.commerceauth.benchmarks.Ratios results.json</pre>
 */
public final class Ratios {

    private Ratios() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Ratios <jmh-results.json>");
            System.exit(2);
        }
        JsonArray results;
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            results = JsonParser.parseReader(in).getAsJsonArray();
        }
        Map<String, JsonObject> sdk = new LinkedHashMap<>();
        Map<String, JsonObject> baseline = new LinkedHashMap<>();
        for (JsonElement e : results) {
            JsonObject r = e.getAsJsonObject();
            String name = r.get("benchmark").getAsString();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            if (shortName.endsWith("_sdk")) {
                sdk.put(shortName.substring(0, shortName.length() - 4), r);
            } else if (shortName.endsWith("_baseline")) {
                baseline.put(shortName.substring(0, shortName.length() - 9), r);
            }
        }
        System.out.println("| case | threads | SDK | baseline | ratio SDK/baseline | ratio range (99.9 % CI) "
                + "| user CPU ns/op SDK / baseline (ratio) | kernel CPU ns/op SDK / baseline | allocated B/op SDK / baseline |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, JsonObject> e : sdk.entrySet()) {
            JsonObject base = baseline.get(e.getKey());
            if (base == null) {
                continue;
            }
            JsonObject s = e.getValue().getAsJsonObject("primaryMetric");
            JsonObject b = base.getAsJsonObject("primaryMetric");
            boolean throughput = "thrpt".equals(e.getValue().get("mode").getAsString());
            double ratio = s.get("score").getAsDouble() / b.get("score").getAsDouble();
            double[] sc = interval(s);
            double[] bc = interval(b);
            double lo = sc[0] / bc[1];
            double hi = sc[1] / bc[0];
            if (throughput) { // higher is better: report time ratios, so invert
                ratio = 1 / ratio;
                double t = lo;
                lo = 1 / hi;
                hi = 1 / t;
            }
            String unit = s.get("scoreUnit").getAsString();
            double sdkCpu = secondary(e.getValue(), "cpu.user.norm");
            double baseCpu = secondary(base, "cpu.user.norm");
            double sdkSys = secondary(e.getValue(), "cpu.sys.norm");
            double baseSys = secondary(base, "cpu.sys.norm");
            System.out.printf(Locale.ROOT, "| %s | %d | %s %s | %s %s | %.2f× | %s | %s | %s | %s / %s |%n", e.getKey(),
                    e.getValue().get("threads").getAsInt(), fmt(s), unit, fmt(b), unit, ratio,
                    lo > 0 && Double.isFinite(hi) ? String.format(Locale.ROOT, "%.2f× – %.2f×", lo, hi) : "n/a",
                    Double.isNaN(sdkCpu) ? "-" : String.format(Locale.ROOT, "%.0f / %.0f (%.2f×)", sdkCpu, baseCpu,
                            sdkCpu / baseCpu),
                    Double.isNaN(sdkSys) ? "-" : String.format(Locale.ROOT, "%.0f / %.0f", sdkSys, baseSys),
                    allocated(e.getValue()), allocated(base));
        }
    }

    /** Bytes allocated per operation from {@code -prof gc}, or "-" without it. */
    private static String allocated(JsonObject result) {
        double bytes = secondary(result, "gc.alloc.rate.norm");
        return Double.isNaN(bytes) ? "-" : String.format(Locale.ROOT, "%.0f", bytes);
    }

    /** A secondary metric's score (JMH before 1.33 prefixed profiler metrics with a middle dot), or NaN. */
    private static double secondary(JsonObject result, String name) {
        JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
        for (String key : new String[] {name, "\u00b7" + name}) {
            if (secondary != null && secondary.has(key)) {
                return secondary.getAsJsonObject(key).get("score").getAsDouble();
            }
        }
        return Double.NaN;
    }

    private static double[] interval(JsonObject metric) {
        JsonArray ci = metric.getAsJsonArray("scoreConfidence");
        return new double[] {ci.get(0).getAsDouble(), ci.get(1).getAsDouble()};
    }

    private static String fmt(JsonObject metric) {
        double score = metric.get("score").getAsDouble();
        double error = metric.get("scoreError").getAsDouble();
        String pattern = score >= 100 ? "%.0f ± %.0f" : score >= 10 ? "%.1f ± %.1f" : "%.2f ± %.2f";
        return Double.isNaN(error) ? String.format(Locale.ROOT, pattern.substring(0, 4), score)
                : String.format(Locale.ROOT, pattern, score, error);
    }
}
