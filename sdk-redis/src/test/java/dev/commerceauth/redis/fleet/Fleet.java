package dev.commerceauth.redis.fleet;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A fleet of {@link FleetWorker} processes, each a separate {@code java} with the test class path:
 * started together, released together ({@code GO}), then collected or killed. {@link #close()}
 * kills whatever still runs.
 */
final class Fleet implements AutoCloseable {

    /** Small heaps, serial GC and the C1 compiler only: 8 workers must leave the 2 shared cores to the work. */
    private static final List<String> JVM_OPTIONS = Arrays.asList("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xshare:auto");
    private static final long READY_MILLIS = 120_000;

    private final List<WorkerProcess> workers = new ArrayList<>();
    private long goAt;

    private Fleet() {
    }

    /**
     * Starts {@code processes} workers, waits until each has built its provider, then releases them
     * all at once.
     *
     * @param settings the workers' settings (see {@link FleetWorker}), without {@code id}
     * @param encryptionKeyHex the store's AES key, passed through the environment
     * @param logDir where each worker's standard error goes
     */
    static Fleet startAndGo(int processes, Map<String, String> settings, String encryptionKeyHex, File logDir)
            throws IOException, InterruptedException {
        Fleet fleet = new Fleet();
        try {
            logDir.mkdirs();
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            // surefire runs the tests with a manifest-only jar on java.class.path and names the real path here
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String logging = System.getProperty("java.util.logging.config.file");
            for (int i = 0; i < processes; i++) {
                String id = "w" + i;
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(JVM_OPTIONS);
                if (logging != null) {
                    command.add("-Djava.util.logging.config.file=" + logging);
                }
                command.addAll(Arrays.asList("-cp", classPath, FleetWorker.class.getName(), "id=" + id));
                new TreeMap<>(settings).forEach((k, v) -> command.add(k + "=" + v));
                fleet.workers.add(new WorkerProcess(id, command,
                        Collections.singletonMap(FleetWorker.KEY_VARIABLE, encryptionKeyHex), new File(logDir, id + ".err")));
            }
            for (WorkerProcess w : fleet.workers) {
                if (!w.awaitReady(READY_MILLIS)) {
                    throw new IllegalStateException("worker " + w.id + " did not start:\n" + w.stderrTail());
                }
            }
            fleet.goAt = System.currentTimeMillis();
            for (WorkerProcess w : fleet.workers) {
                w.go();
            }
            return fleet;
        } catch (IOException | InterruptedException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** When the workers were released (wall clock). */
    long goAt() {
        return goAt;
    }

    List<WorkerProcess> workers() {
        return workers;
    }

    /**
     * Waits for every worker still running to end and returns the summaries (a killed worker has none).
     *
     * @param budget how long past the run's own duration to wait at most
     */
    List<Map<String, Long>> awaitSummaries(Duration budget) throws InterruptedException {
        long deadline = System.currentTimeMillis() + budget.toMillis();
        List<Map<String, Long>> summaries = new ArrayList<>();
        for (WorkerProcess w : workers) {
            Map<String, Long> s = w.awaitSummary(Math.max(1, deadline - System.currentTimeMillis()));
            if (s != null) {
                summaries.add(s);
            }
        }
        return summaries;
    }

    /** Every event of every worker that matches, sorted by time. */
    List<WorkerEvent> events(Predicate<WorkerEvent> filter) {
        List<WorkerEvent> all = new ArrayList<>();
        for (WorkerProcess w : workers) {
            all.addAll(w.events(filter));
        }
        all.sort((a, b) -> Long.compare(a.epochMillis, b.epochMillis));
        return all;
    }

    WorkerProcess worker(String id) {
        for (WorkerProcess w : workers) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException(id);
    }

    /** The standard error of each worker, for failure messages. */
    String stderrTails() {
        StringBuilder b = new StringBuilder();
        for (WorkerProcess w : workers) {
            b.append("--- ").append(w.id).append(" stderr\n").append(w.stderrTail()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (WorkerProcess w : workers) {
            w.destroy();
        }
    }
}
