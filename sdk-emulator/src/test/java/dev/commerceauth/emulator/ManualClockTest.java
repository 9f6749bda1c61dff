package dev.commerceauth.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void standsStillUntilMovedAndMovesByExactlyWhatItIsTold() {
        Instant start = Instant.parse("2026-11-23T10:00:00.250Z");
        ManualClock clock = ManualClock.startingAt(start);
        assertEquals(start, clock.instant());
        assertEquals(start, clock.instant());

        clock.advance(Duration.ofMinutes(10));
        clock.advanceSeconds(5);
        clock.advanceMillis(7);
        assertEquals(start.plusSeconds(605).plusMillis(7), clock.instant());
        assertEquals(clock.instant().toEpochMilli(), clock.millis());
    }

    @Test
    void startingNowIsAWholeSecondInUtc() {
        ManualClock clock = ManualClock.startingNow();
        assertEquals(0, clock.millis() % 1000);
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertSame(clock, clock.withZone(ZoneId.of("Europe/Berlin")));
    }

    @Test
    void concurrentAdvancesAreNotLost() throws Exception {
        ManualClock clock = ManualClock.startingAt(Instant.EPOCH);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8_000; i++) {
            pool.execute(() -> clock.advanceMillis(1));
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        assertEquals(8_000, clock.millis());
    }
}
