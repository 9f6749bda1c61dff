package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.testing.LoopbackServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import okio.AsyncTimeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: the {@link WatchdogAnchor} spares Okio's watchdog a wake-up per token request, and must
 * never change when a timeout fires: a timeout behind the anchor and one before it both fire, the
 * anchor stays queued while requests come and leaves when they stop, and many threads touching it
 * while the watchdog re-enters it never enter it twice. The bounds below are generous and only tell
 * "fired" from "hidden behind a 30 s anchor"; no speed is asserted.
 */
class WatchdogAnchorTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    /** An {@link AsyncTimeout} that counts down when it fires. */
    private static final class Probe extends AsyncTimeout {
        final CountDownLatch fired = new CountDownLatch(1);

        Probe(long millis) {
            timeout(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void timedOut() {
            fired.countDown();
        }
    }

    private static void awaitDisarmed(WatchdogAnchor anchor) throws InterruptedException {
        long end = System.nanoTime() + WITHIN.toNanos();
        while (anchor.isArmed() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertFalse(anchor.isArmed(), "the anchor left Okio's queue once nothing touched it");
    }

    @Test
    void aTimeoutShorterThanTheAnchorFiresAtItsOwnDeadline() throws Exception {
        WatchdogAnchor anchor = new WatchdogAnchor(TimeUnit.SECONDS.toNanos(30));
        anchor.touch();
        Probe probe = new Probe(50);
        probe.enter();
        assertTrue(probe.fired.await(WITHIN.toMillis(), TimeUnit.MILLISECONDS),
                "a 50 ms timeout entered at the head, before a 30 s anchor, fired without waiting for it");
        probe.exit();
        assertTrue(anchor.isArmed(), "30 s have not passed");
        anchor.exit(); // leave no 30 s anchor behind for other tests
    }

    @Test
    void aTimeoutBehindTheAnchorFiresWhileTheAnchorIsRenewed() throws Exception {
        WatchdogAnchor anchor = new WatchdogAnchor(TimeUnit.MILLISECONDS.toNanos(100));
        AtomicBoolean touching = new AtomicBoolean(true);
        Thread toucher = new Thread(() -> {
            while (touching.get()) {
                anchor.touch();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "anchor-toucher");
        toucher.start();
        try {
            Thread.sleep(50); // the anchor is queued first, with the earlier deadline
            Probe probe = new Probe(450); // behind the anchor, which is renewed four times before it
            probe.enter();
            assertTrue(probe.fired.await(WITHIN.toMillis(), TimeUnit.MILLISECONDS),
                    "a timeout queued behind the anchor fired while the anchor kept being renewed");
            probe.exit();
        } finally {
            touching.set(false);
            toucher.join();
        }
        awaitDisarmed(anchor);
        assertEquals(0, anchor.unbalancedEnters());
    }

    @Test
    void anIdleAnchorLeavesAndATouchBringsItBack() throws Exception {
        WatchdogAnchor anchor = new WatchdogAnchor(TimeUnit.MILLISECONDS.toNanos(20));
        assertFalse(anchor.isArmed(), "nothing is queued before the first touch");
        for (int round = 0; round < 3; round++) {
            anchor.touch();
            assertTrue(anchor.isArmed());
            awaitDisarmed(anchor);
        }
        assertEquals(0, anchor.unbalancedEnters());
    }

    @Test
    void manyThreadsTouchingWhileTheWatchdogRenewsNeverEnterTwice() throws Exception {
        // A 1 ms period makes the watchdog's timedOut() race the touches all the time.
        WatchdogAnchor anchor = new WatchdogAnchor(TimeUnit.MILLISECONDS.toNanos(1));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong touches = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
                    int i = 0;
                    while (System.nanoTime() < end) {
                        anchor.touch();
                        touches.incrementAndGet();
                        if (++i % 64 == 0) {
                            Thread.sleep(0, 200_000); // let the deadline pass now and then
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(touches.get() > threads, "the threads ran");
        assertEquals(0, anchor.unbalancedEnters(), "the anchor was never entered while queued");
        awaitDisarmed(anchor);
        anchor.touch();
        assertTrue(anchor.isArmed(), "still usable after the race");
        awaitDisarmed(anchor);
        assertEquals(0, anchor.unbalancedEnters());
    }

    @Test
    void aTokenRequestArmsTheSharedAnchorAndItsCallTimeoutStillFiresBehindIt() {
        CommerceLayerAuth auth = CommerceLayerAuth.builder().baseUrl("http://127.0.0.1:" + server.getPort())
                .clock(fixedClock()).readTimeout(Duration.ofMinutes(1)).callTimeout(Duration.ofMillis(1_500)).build();
        ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
                .clientId("anchor-client").clientSecret("anchor-client-secret-0123456789").build();
        server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"expires_in\":7200}"));
        long before = System.nanoTime();
        auth.requestToken(grant);
        assertTrue(WatchdogAnchor.SHARED.lastUseNanos() - before >= 0, "a token request touches the shared anchor");

        // 1.5 s is longer than the anchor's second: the call timeout queues behind it.
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        TransportException e = assertTimeoutPreemptively(WITHIN,
                () -> assertThrows(TransportException.class, () -> auth.requestToken(grant)));
        assertTrue(e.isTimeout(), e::getMessage);
        assertEquals(0, WatchdogAnchor.SHARED.unbalancedEnters());
    }
}
