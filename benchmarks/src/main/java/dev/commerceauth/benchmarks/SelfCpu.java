package dev.commerceauth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time this process has used so far, all threads, split into user and kernel time, from
 * {@code /proc/self/stat} (Linux; clock ticks of 10 ms). Cheap enough to read at the end of a
 * cold-start child without skewing it.
 */
final class SelfCpu {

    private SelfCpu() {
    }

    /** {user ms, system ms}, or null where /proc is not available. */
    static long[] userAndSystemMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) * 10, Long.parseLong(f[12]) * 10}; // utime, stime; USER_HZ 100
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Process CPU time in milliseconds (user + system), or -1 where /proc is not available. */
    static long millis() {
        long[] t = userAndSystemMillis();
        return t == null ? -1 : t[0] + t[1];
    }
}
