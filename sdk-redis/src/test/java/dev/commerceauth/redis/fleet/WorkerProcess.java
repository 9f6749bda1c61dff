package dev.commerceauth.redis.fleet;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@link FleetWorker} as a separate {@code java} process, seen from the launcher: its events as
 * they arrive, its summary when it ends, and {@code kill -9}. Its standard error (the SDK's
 * warnings) goes to a file for the failure messages.
 */
final class WorkerProcess {

    final String id;
    private final Process process;
    private final File stderr;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final List<WorkerEvent> events = Collections.synchronizedList(new ArrayList<>());
    private volatile Map<String, Long> summary;

    WorkerProcess(String id, List<String> command, Map<String, String> environment, File stderr) throws IOException {
        this.id = id;
        this.stderr = stderr;
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr);
        builder.environment().putAll(environment);
        this.process = builder.start();
        Thread reader = new Thread(this::read, "fleet-reader-" + id);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.countDown();
                } else if (line.startsWith("EVENT ")) {
                    events.add(WorkerEvent.parse(line));
                } else if (line.startsWith("SUMMARY ")) {
                    summary = parseSummary(line);
                }
            }
        } catch (IOException e) {
            // the process died (kill -9): what was read stays
        } finally {
            ended.countDown();
        }
    }

    private static Map<String, Long> parseSummary(String line) {
        Map<String, Long> values = new HashMap<>();
        String[] parts = line.split(" ");
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            values.put(parts[i].substring(0, eq), Long.parseLong(parts[i].substring(eq + 1)));
        }
        return values;
    }

    boolean awaitReady(long millis) throws InterruptedException {
        return ready.await(millis, TimeUnit.MILLISECONDS);
    }

    void go() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** Waits for the end of its output; its summary, or null if it was killed or failed. */
    Map<String, Long> awaitSummary(long millis) throws InterruptedException {
        ended.await(millis, TimeUnit.MILLISECONDS);
        return summary;
    }

    /** {@code kill -9}: {@link Process#destroyForcibly()} sends SIGKILL on Linux. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void destroy() {
        process.destroyForcibly();
    }

    /** The events so far that match. */
    List<WorkerEvent> events(Predicate<WorkerEvent> filter) {
        List<WorkerEvent> out = new ArrayList<>();
        synchronized (events) {
            for (WorkerEvent e : events) {
                if (filter.test(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The last lines of its standard error, for failure messages. */
    String stderrTail() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(stderr.toPath(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }
}
