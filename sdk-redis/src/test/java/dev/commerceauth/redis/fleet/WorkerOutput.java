package dev.commerceauth.redis.fleet;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link FleetWorker} prints on its standard output, one line each, read by
 * {@link WorkerProcess}: {@code READY <id>}, {@code EVENT <id> <epochMillis> <kind> [detail]} and at
 * the end {@code SUMMARY <id> key=value ...}. It also counts every event by kind for the summary.
 * Never prints a token or a secret: events name grant types, exception classes and instants.
 */
final class WorkerOutput {

    private final String id;
    private final PrintStream out;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    WorkerOutput(String id, PrintStream out) {
        this.id = id;
        this.out = out;
    }

    void ready() {
        line("READY " + id);
    }

    /** Prints an event with the wall-clock time and counts it under {@code kind}. */
    void event(String kind, String detail) {
        count(kind, 1);
        line("EVENT " + id + " " + System.currentTimeMillis() + " " + kind + (detail.isEmpty() ? "" : " " + detail));
    }

    void count(String key, long n) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
    }

    void max(String key, long value) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).accumulateAndGet(value, Math::max);
    }

    /** The last line: every count, sorted by key. */
    void summary() {
        StringBuilder b = new StringBuilder("SUMMARY ").append(id);
        new TreeMap<>(counts).forEach((k, v) -> b.append(' ').append(k).append('=').append(v.get()));
        line(b.toString());
    }

    private void line(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
