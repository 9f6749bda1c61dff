package dev.commerceauth.redis.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TokenStore;
import dev.commerceauth.core.internal.cache.RefreshPolicy;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.Dialect;
import dev.commerceauth.emulator.RecordedTokenRequest;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.redis.RedisServer;
import java.io.File;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, item 4: a fleet of separate {@code java} processes ({@link FleetWorker}) shares one
 * token through a real Redis ({@link RedisServer}) against the emulator, which runs here and counts
 * the token requests. Tokens live 5 s, so a refresh cycle is about 4 s.
 *
 * <p>Size: {@code -Dfleet.processes} (default 4), {@code -Dfleet.threads} (16 per process) and
 * {@code -Dfleet.seconds} (25) for the steady-state and kill runs; the full configuration is
 * {@code -Dfleet.processes=8 -Dfleet.seconds=60}. The outage run lasts as long as its timeline needs
 * (about a minute). Run alone:
 * {@code mvn -B -o -pl sdk-redis -am test -Dtest=FleetIT -Dsurefire.failIfNoSpecifiedTests=false} (the {@code test}
 * phase only; {@code mvn -B verify} runs it in the {@code integration-test} phase).
 *
 * <p>Bounds come from {@link RefreshCycles}: one process makes at most one request per refresh cycle
 * (the cycle computed from the token lifetime and the default margins), and the fleet may make one
 * more. Call latencies are bounded by the wait timeout plus {@link #SCHEDULING_SLACK_MILLIS} (a
 * thread woken at its deadline on a loaded 2-core machine).
 */
class FleetIT {

    static final int PROCESSES = Integer.getInteger("fleet.processes", 4);
    static final int THREADS = Integer.getInteger("fleet.threads", 16);
    static final long RUN_MILLIS = Long.getLong("fleet.seconds", 25) * 1000;

    static final Duration LIFETIME = Duration.ofSeconds(5);
    static final Duration LEASE_TTL = Duration.ofSeconds(3);
    static final Duration WAIT_TIMEOUT = Duration.ofSeconds(6);
    static final long SCHEDULING_SLACK_MILLIS = 500;
    static final String PREFIX = "fleet:";
    static final RefreshCycles CYCLES = new RefreshCycles(LIFETIME);
    /** The listener events after which a process has a token. */
    static final java.util.Set<String> HAS_TOKEN = new java.util.HashSet<>(java.util.Arrays.asList(
            "fetched", "refreshed", "adopted"));

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aCommerceLayerFleetMakesOneRequestPerRefreshCycleAndNeverServesAnExpiredToken(TestInfo info) throws Exception {
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().tokenLifetime(LIFETIME).start();
                RedisServer redis = RedisServer.start();
                Fleet fleet = Fleet.startAndGo(PROCESSES, settings("commercelayer", emulator.commerceLayerBaseUrl(),
                        redis.uri(), RUN_MILLIS), keyHex(), logDir(info))) {
            List<Map<String, Long>> summaries = fleet.awaitSummaries(Duration.ofMillis(RUN_MILLIS + 60_000));
            long elapsed = System.currentTimeMillis() - fleet.goAt();
            String report = report(fleet, summaries, emulator);

            assertEquals(PROCESSES, summaries.size(), "every worker ended with a summary\n" + report);
            assertEquals(0, sum(summaries, "expired"), "no caller was served an expired token\n" + report);
            assertEquals(0, sum(summaries, "errors"), "no caller got an exception\n" + report);
            assertTrue(sum(summaries, "calls") > 0, report);
            long requests = emulator.tokenRequestCount(Dialect.COMMERCE_LAYER);
            long bound = CYCLES.onePerCycle(elapsed) + 1;
            assertTrue(requests <= bound, "the fleet of " + PROCESSES + " made " + requests + " token requests in "
                    + elapsed + " ms; one process makes at most " + (bound - 1) + " (one per cycle of at least "
                    + CYCLES.minCycleMillis() + " ms), the fleet may make one more\n" + report);
            assertTrue(emulator.requests().stream().allMatch(r -> r.responseStatus() == 200),
                    "every request answered 200 (Commerce Layer's 30 per minute never reached)\n" + report);
            figure("client_credentials: " + requests + " requests in " + elapsed + " ms (bound " + bound + "), "
                    + sum(summaries, "calls") + " calls, 0 expired, 0 errors, " + sum(summaries, "adopted") + " adoptions");
        }
    }

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aShopwareFleetSpendsEachRotatingRefreshTokenOnceAndNoCallerIsToldToReauthorize(TestInfo info)
            throws Exception {
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().tokenLifetime(LIFETIME).start();
                RedisServer redis = RedisServer.start();
                Fleet fleet = Fleet.startAndGo(PROCESSES, settings("shopware", emulator.shopwareUrl(), redis.uri(),
                        RUN_MILLIS), keyHex(), logDir(info))) {
            List<Map<String, Long>> summaries = fleet.awaitSummaries(Duration.ofMillis(RUN_MILLIS + 60_000));
            long elapsed = System.currentTimeMillis() - fleet.goAt();
            String report = report(fleet, summaries, emulator);
            List<RecordedTokenRequest> requests = emulator.requests().stream()
                    .filter(r -> r.dialect() == Dialect.SHOPWARE && r.isTokenRequest()).collect(Collectors.toList());

            assertEquals(PROCESSES, summaries.size(), "every worker ended with a summary\n" + report);
            // Shopware answers a spent (rotated) refresh token with 401, code 8: its invalid_grant
            long rejectedRefreshes = requests.stream()
                    .filter(r -> "refresh_token".equals(r.grantType()) && r.responseStatus() != 200).count();
            assertEquals(0, rejectedRefreshes, "no refresh token was spent twice (invalid_grant at the emulator)\n"
                    + report);
            assertTrue(requests.stream().allMatch(r -> r.responseStatus() == 200), "every request answered 200\n"
                    + report);
            assertEquals(1, requests.stream().filter(r -> "password".equals(r.grantType())).count(),
                    "one login for the whole fleet, then refreshes\n" + report);
            assertEquals(0, sum(summaries, "errors"), "no caller got an exception\n" + report);
            assertEquals(0, sum(summaries, "reauthorize"), "no caller was told to re-authorize\n" + report);
            assertEquals(0, sum(summaries, "expired"), "no caller was served an expired token\n" + report);
            long bound = CYCLES.onePerCycle(elapsed) + 1;
            assertTrue(requests.size() <= bound, "the fleet made " + requests.size() + " token requests in " + elapsed
                    + " ms; bound " + bound + "\n" + report);
            figure("password grant: " + requests.size() + " requests in " + elapsed + " ms (bound " + bound + "), 1 login, "
                    + "0 rejected refresh tokens, " + sum(summaries, "calls") + " calls, 0 errors, 0 expired");
        }
    }

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void whenTheLeaseHolderIsKilledMidRequestAnotherProcessGetsATokenWithinTheLeaseTtl(TestInfo info) throws Exception {
        holderLosesItsLease(info, true);
    }

    /**
     * The holder stays alive but its request hangs (30 s, longer than the lease TTL and the wait timeout): another
     * process takes over after the lease TTL, and the stalled process's own callers get the fleet's new token from
     * the store instead of timing out on their process's hanging request.
     */
    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void whenTheLeaseHolderStallsMidRequestTheFleetIncludingItsCallersCarriesOnWithTheNextHoldersToken(TestInfo info)
            throws Exception {
        holderLosesItsLease(info, false);
    }

    private void holderLosesItsLease(TestInfo info, boolean kill) throws Exception {
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().tokenLifetime(LIFETIME).start();
                RedisServer redis = RedisServer.start();
                Fleet fleet = Fleet.startAndGo(PROCESSES, settings("commercelayer", emulator.commerceLayerBaseUrl(),
                        redis.uri(), RUN_MILLIS), keyHex(), logDir(info))) {
            // once every process has a token, and right after a token arrived, so that the next request is a
            // whole cycle away: delay that one
            for (WorkerProcess w : fleet.workers()) {
                awaitEvent(fleet, e -> e.worker.equals(w.id) && HAS_TOKEN.contains(e.kind), 30_000,
                        "a first token in " + w.id);
            }
            long settled = System.currentTimeMillis();
            awaitEvent(fleet, e -> "requested".equals(e.kind) && e.epochMillis >= settled, 2 * LIFETIME.toMillis(),
                    "a refresh");
            long armedAt = System.currentTimeMillis();
            emulator.faults().delayNext(1, Duration.ofSeconds(30));
            WorkerEvent holding = awaitEvent(fleet, e -> "requesting".equals(e.kind) && e.epochMillis >= armedAt,
                    2 * LIFETIME.toMillis(), "the next refresh");
            // the request is in flight at the emulator once it took the delay
            long deadline = System.currentTimeMillis() + 10_000;
            while (emulator.faults().pending() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, emulator.faults().pending(), "the holder's request reached the emulator");
            String leaseKey = PREFIX + "{" + TokenStore.key(emulator.commerceLayerBaseUrl(), integrationGrant(), null)
                    + "}:lease";
            boolean leaseLive;
            try (redis.clients.jedis.Jedis jedis = redis.client()) {
                leaseLive = jedis.exists(leaseKey);
            }
            if (kill) {
                fleet.worker(holding.worker).kill();
            }
            long lostAt = System.currentTimeMillis();
            WorkerEvent takeover = awaitEvent(fleet, e -> "requested".equals(e.kind) && e.epochMillis > lostAt,
                    LEASE_TTL.toMillis() + 10_000, "a token after the holder was lost");

            List<Map<String, Long>> summaries = fleet.awaitSummaries(Duration.ofMillis(RUN_MILLIS + 60_000));
            String report = (kill ? "killed " : "stalled ") + holding.worker + " at " + lostAt + ", takeover "
                    + takeover + "\n" + report(fleet, summaries, emulator);
            assertTrue(leaseLive, "the process requesting held the key's lease in Redis (" + leaseKey + ")\n" + report);
            assertTrue(takeover.epochMillis - lostAt <= LEASE_TTL.toMillis() + 1_000, "another process got a token "
                    + (takeover.epochMillis - lostAt) + " ms after the holder was lost; at most the lease TTL + 1 s\n"
                    + report);
            assertEquals(kill ? PROCESSES - 1 : PROCESSES, summaries.size(), "every other worker ended with a summary\n"
                    + report);
            assertEquals(0, sum(summaries, "expired"), "no caller was served an expired token\n" + report);
            assertTrue(fleet.events(e -> e.kind.startsWith("expired")).isEmpty(), report);
            assertEquals(0, sum(summaries, "errors"),
                    "no caller timed out either: the wait timeout is longer than the lease TTL\n" + report);
            figure((kill ? "kill -9 of" : "stalled") + " the holder: another process had a token "
                    + (takeover.epochMillis - lostAt) + " ms later (lease TTL " + LEASE_TTL.toMillis()
                    + " ms), 0 expired, 0 errors");
        }
    }

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aPausedAndARestartedRedisKeepCallersServedWithinTheWaitTimeoutAndTheFleetConvergesAgain(TestInfo info)
            throws Exception {
        long pauseAt = 3_000;
        long resumeAt = pauseAt + 10_000;
        long restartAt = resumeAt + 3_000;
        // after Redis is back: a provider may skip a store that did not answer for STORE_PAUSE_SECONDS, then one
        // cycle to find it again; then three cycles are checked
        long tailFrom = restartAt + RefreshPolicy.STORE_PAUSE_SECONDS * 1000 + CYCLES.minCycleMillis();
        long runMillis = Math.max(RUN_MILLIS, tailFrom + 3 * CYCLES.minCycleMillis());
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().tokenLifetime(LIFETIME)
                        .commerceLayerRateLimit(0) // without Redis each process requests on its own, by design
                        .start();
                RedisServer redis = RedisServer.start();
                Fleet fleet = Fleet.startAndGo(PROCESSES, settings("commercelayer", emulator.commerceLayerBaseUrl(),
                        redis.uri(), runMillis), keyHex(), logDir(info))) {
            sleepUntil(fleet.goAt() + pauseAt);
            redis.pause();
            sleepUntil(fleet.goAt() + resumeAt);
            redis.resume();
            sleepUntil(fleet.goAt() + restartAt);
            redis.restartEmpty();
            long restoredAt = System.currentTimeMillis();

            List<Map<String, Long>> summaries = fleet.awaitSummaries(Duration.ofMillis(runMillis + 60_000));
            long endedAt = System.currentTimeMillis();
            String report = report(fleet, summaries, emulator);
            assertEquals(PROCESSES, summaries.size(), "every worker ended with a summary\n" + report);
            assertEquals(0, sum(summaries, "expired"), "no caller was served an expired token\n" + report);
            assertEquals(0, sum(summaries, "errors"), "every caller got a token\n" + report);
            long maxLatency = summaries.stream().mapToLong(s -> s.getOrDefault("maxLatencyMillis", 0L)).max().orElse(0);
            assertTrue(maxLatency <= WAIT_TIMEOUT.toMillis() + SCHEDULING_SLACK_MILLIS, "the slowest call took "
                    + maxLatency + " ms; the wait timeout is " + WAIT_TIMEOUT.toMillis() + " ms\n" + report);

            long tailStart = restoredAt - restartAt + tailFrom;
            long tail = emulator.requests().stream()
                    .filter(r -> r.isTokenRequest() && r.timestamp().toEpochMilli() >= tailStart).count();
            long bound = CYCLES.onePerCycle(endedAt - tailStart) + 1;
            assertTrue(tail <= bound, "after Redis came back (and " + (tailStart - restoredAt) + " ms to find it), the"
                    + " fleet made " + tail + " requests in " + (endedAt - tailStart) + " ms; one per cycle is at most "
                    + (bound - 1) + ", plus one\n" + report);
            figure("Redis paused 10 s, restarted empty: slowest call " + maxLatency + " ms (wait timeout "
                    + WAIT_TIMEOUT.toMillis() + " ms), 0 expired, 0 errors; " + tail + " requests in the last "
                    + (endedAt - tailStart) + " ms (bound " + bound + "), fleet requests in all " + emulator.tokenRequestCount());
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** One line per run on the test's output, for the README's figures. */
    static void figure(String text) {
        System.out.println("FLEET " + PROCESSES + " processes x " + THREADS + " threads: " + text);
    }

    static Map<String, String> settings(String dialect, String url, String redisUri, long millis) {
        Map<String, String> s = new HashMap<>();
        s.put("dialect", dialect);
        s.put("url", url);
        s.put("redis", redisUri);
        s.put("prefix", PREFIX);
        s.put("threads", Integer.toString(THREADS));
        s.put("millis", Long.toString(millis));
        s.put("leaseTtlMillis", Long.toString(LEASE_TTL.toMillis()));
        s.put("waitTimeoutMillis", Long.toString(WAIT_TIMEOUT.toMillis()));
        return s;
    }

    static ClientCredentialsGrant integrationGrant() {
        return ClientCredentialsGrant.builder().clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID)
                .clientSecret(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET).build();
    }

    static String keyHex() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        StringBuilder b = new StringBuilder();
        for (byte x : key) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    static File logDir(TestInfo info) {
        return new File("target/fleet/" + info.getTestMethod().get().getName());
    }

    static long sum(List<Map<String, Long>> summaries, String key) {
        return summaries.stream().mapToLong(s -> s.getOrDefault(key, 0L)).sum();
    }

    static WorkerEvent awaitEvent(Fleet fleet, Predicate<WorkerEvent> filter, long millis, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            List<WorkerEvent> found = fleet.events(filter);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(10);
        }
        assertNotNull(null, "no event for " + what + " within " + millis + " ms\n" + fleet.stderrTails());
        return null;
    }

    static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** Per worker: its counts; then the emulator's requests by grant and status; then the SDK's warnings. */
    static String report(Fleet fleet, List<Map<String, Long>> summaries, TokenServerEmulator emulator) {
        StringBuilder b = new StringBuilder("worker summaries:\n");
        for (Map<String, Long> s : summaries) {
            b.append("  ").append(new java.util.TreeMap<>(s)).append('\n');
        }
        Map<String, Long> byOutcome = emulator.requests().stream().filter(RecordedTokenRequest::isTokenRequest)
                .collect(Collectors.groupingBy(r -> r.grantType() + "->" + r.responseStatus(), java.util.TreeMap::new,
                        Collectors.counting()));
        b.append("emulator token requests by grant->status: ").append(byOutcome).append('\n');
        b.append("first events: ").append(fleet.events(e -> !e.kind.equals("requested")).stream().limit(40)
                .map(WorkerEvent::toString).collect(Collectors.joining("; "))).append('\n');
        return b.append(fleet.stderrTails()).toString();
    }
}
