package dev.commerceauth.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs an outage of Redis once when it starts (the first failed call, WARNING) and once when it
 * ends (the next successful call, INFO, with its length and the number of failed calls), not once
 * per call. Thread-safe and allocation-free on the success path while Redis is up.
 */
final class OutageLog {

    private final Logger log;
    private final String address;
    /** Start of the current outage in {@link System#nanoTime()}, or null while Redis is up. */
    private final AtomicReference<Long> downSince = new AtomicReference<>();
    private final AtomicLong failedCalls = new AtomicLong();

    OutageLog(Logger log, String address) {
        this.log = log;
        this.address = address;
    }

    /** A call failed with {@code e} (whose message holds no secret). */
    void failed(StoreUnavailableException e) {
        failedCalls.incrementAndGet();
        if (downSince.get() == null && downSince.compareAndSet(null, System.nanoTime())) {
            log.log(Level.WARNING, "Redis token store at {0} is unavailable: {1}. Every call fails within its timeout"
                    + " until Redis answers again; this is logged once per outage.",
                    new Object[] {address, e.getMessage()});
        }
    }

    /** A call succeeded. */
    void succeeded() {
        Long since = downSince.get();
        if (since != null && downSince.compareAndSet(since, null)) {
            long millis = (System.nanoTime() - since) / 1_000_000L;
            log.log(Level.INFO, "Redis token store at {0} answers again after {1} ms ({2} failed calls)",
                    new Object[] {address, String.valueOf(millis), String.valueOf(failedCalls.getAndSet(0))});
        }
    }

    /** Whether an outage is going on (the last call failed). */
    boolean isDown() {
        return downSince.get() != null;
    }
}
