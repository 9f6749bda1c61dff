package dev.commerceauth.benchmarks;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.ForwardingTokenClient;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.core.TokenProviderListener;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.redis.RedisTokenStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fleet: token requests per refresh cycle for fleets of 1, 2, 4, 8 and 16 processes sharing one
 * token through Redis ({@code sdk-redis}) versus each with its own per-JVM cache (no store); the
 * time a refresh takes to reach the other processes through Redis; and one cold fetch with and
 * without Redis.
 *
 * <p>The emulator runs here (Commerce Layer dialect, 5 s tokens, no rate limit) and counts the
 * requests; a {@code redis-server} from the PATH runs on a free loopback port with persistence off.
 * Each process of a fleet is a separate {@code java} (this jar, {@code worker} mode) whose 4 threads
 * call {@code token()} every 10 ms for the run's seconds. "Requests per refresh cycle" is the
 * fleet's requests divided by those of one process over the same time (the mean of the two
 * one-process runs, with and without Redis: a lone process makes the same requests either way).
 * The refresh latency pairs each {@code adopted} event with the holder's {@code requested} event of
 * the same token (by its expiry), on the wall clock of one machine: from the holder's answer to the
 * adoption, and from the holder's request (it holds the lease then) to the adoption.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.commerceauth.benchmarks.FleetDriver [seconds per run, 20]</pre>
 */
public final class FleetDriver {

    private static final int[] SIZES = {1, 2, 4, 8, 16};
    private static final Duration LIFETIME = Duration.ofSeconds(5);
    private static final String KEY_VARIABLE = "FLEET_ENCRYPTION_KEY";
    private static final int COLD_ROUNDS = 20;

    private FleetDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args);
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        File redisServer = onPath("redis-server");
        if (redisServer == null) {
            System.out.println("fleet: not run, no redis-server on the PATH (Debian/Ubuntu: apt-get install redis-server)");
            return;
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path dir = Files.createTempDirectory("fleet-bench");
        int port = freePort();
        Process redis = new ProcessBuilder(redisServer.getPath(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        String redisUri = "redis://127.0.0.1:" + port + "/0";
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().tokenLifetime(LIFETIME)
                .commerceLayerRateLimit(0).start()) {
            awaitRedis(redisUri, key);
            System.out.printf("fleet, %d s per run, %d s tokens, %d cores%n", seconds, LIFETIME.getSeconds(),
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| processes | Redis store: requests | per refresh cycle | per-JVM caches: requests | per refresh cycle |");
            System.out.println("|---:|---:|---:|---:|---:|");
            double one = 0; // requests of one process in a run: the refresh cycles of the run
            List<Long> afterAnswer = new ArrayList<>();
            List<Long> afterLease = new ArrayList<>();
            for (int n : SIZES) {
                long[] requests = new long[2];
                for (int mode = 0; mode < 2; mode++) {
                    String uri = mode == 0 ? redisUri : "none";
                    int before = emulator.tokenRequestCount();
                    List<String> events = runFleet(n, seconds, emulator.commerceLayerBaseUrl(), uri,
                            "bench" + n + ":", HexFormat.of().formatHex(key));
                    requests[mode] = emulator.tokenRequestCount() - before;
                    if (mode == 0) {
                        adoptionLatencies(events, afterAnswer, afterLease);
                    }
                }
                if (n == 1) {
                    one = (requests[0] + requests[1]) / 2.0; // a lone process, with and without Redis alike
                }
                System.out.printf("| %d | %d | %.2f | %d | %.2f |%n", n, requests[0], requests[0] / one,
                        requests[1], requests[1] / one);
            }
            System.out.println();
            System.out.println("refresh through Redis, ms (all adoptions of the Redis runs): | n | median | p95 | max |");
            System.out.println("|---|---:|---:|---:|---:|");
            printRow("holder's answer -> adopted elsewhere", afterAnswer);
            printRow("holder's request (lease held) -> adopted elsewhere", afterLease);
            System.out.println();
            coldFetch(emulator, redisUri, key);
        } finally {
            redis.destroy();
            redis.waitFor(5, TimeUnit.SECONDS);
            for (File f : dir.toFile().listFiles()) {
                f.delete();
            }
            dir.toFile().delete();
        }
    }

    /** In this JVM, alternating: first token() of a new provider without a store, with an empty Redis key, with a stored token. */
    private static void coldFetch(TokenServerEmulator emulator, String redisUri, byte[] key) {
        List<Long> none = new ArrayList<>();
        List<Long> empty = new ArrayList<>();
        List<Long> stored = new ArrayList<>();
        try (RedisTokenStore store = RedisTokenStore.builder().redisUri(redisUri).keyPrefix("cold:").encryptionKey(key)
                .build()) {
            for (int round = -3; round < COLD_ROUNDS; round++) { // three warm-up rounds
                String endpoint = "cold-" + round; // a new key every round
                long a = firstToken(emulator, null, endpoint);
                long b = firstToken(emulator, store, endpoint);
                long c = firstToken(emulator, store, endpoint);
                if (round >= 0) {
                    none.add(a);
                    empty.add(b);
                    stored.add(c);
                }
            }
        }
        System.out.println("cold fetch in a warm JVM, ms (" + COLD_ROUNDS + " rounds): | n | median | p95 | max |");
        System.out.println("|---|---:|---:|---:|---:|");
        printRow("no store (request)", none);
        printRow("Redis, empty key (lease, request, write, release)", empty);
        printRow("Redis, token stored (adopted, no request)", stored);
    }

    private static long firstToken(TokenServerEmulator emulator, RedisTokenStore store, String endpoint) {
        CommerceLayerAuth client = CommerceLayerAuth.builder().baseUrl(emulator.commerceLayerBaseUrl()).build();
        CachingTokenProvider.Builder builder = CachingTokenProvider.builder(client, grant());
        if (store != null) {
            builder.tokenStore(store, endpoint);
        }
        try (TokenProvider provider = builder.build()) {
            long start = System.nanoTime();
            provider.token();
            return (System.nanoTime() - start) / 1_000;
        }
    }

    private static void printRow(String label, List<Long> micros) {
        if (micros.isEmpty()) {
            System.out.printf("| %s | 0 | - | - | - |%n", label);
            return;
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", label, sorted.size(), sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    /** Events {@code <worker> <kind> <epochMicros> <expiresAtMillis>}: pairs each adoption with the holder's request. */
    private static void adoptionLatencies(List<String> events, List<Long> afterAnswer, List<Long> afterLease) {
        Map<String, long[]> holders = new ConcurrentHashMap<>(); // expiresAt -> {requesting, requested}
        Map<String, Long> lastRequesting = new ConcurrentHashMap<>(); // worker -> time
        for (String e : events) {
            String[] p = e.split(" ");
            if (p[1].equals("requesting")) {
                lastRequesting.put(p[0], Long.parseLong(p[2]));
            } else if (p[1].equals("requested")) {
                holders.put(p[3], new long[] {lastRequesting.getOrDefault(p[0], Long.parseLong(p[2])), Long.parseLong(p[2])});
            }
        }
        for (String e : events) {
            String[] p = e.split(" ");
            long[] holder = holders.get(p.length > 3 ? p[3] : "");
            if (p[1].equals("adopted") && holder != null) {
                long at = Long.parseLong(p[2]);
                afterAnswer.add(at - holder[1]);
                afterLease.add(at - holder[0]);
            }
        }
    }

    private static List<String> runFleet(int n, int seconds, String url, String redisUri, String prefix, String keyHex)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<Thread> readers = new ArrayList<>();
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(n);
        try {
            for (int i = 0; i < n; i++) {
                ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"), FleetDriver.class.getName(), "worker", "p" + i, url,
                        redisUri, prefix, Integer.toString(seconds)).redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put(KEY_VARIABLE, keyHex);
                Process p = pb.start();
                processes.add(p);
                Thread reader = new Thread(() -> {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.equals("READY")) {
                                ready.countDown();
                            } else {
                                events.add(line);
                            }
                        }
                    } catch (IOException e) {
                        // ended
                    }
                });
                reader.start();
                readers.add(reader);
            }
            if (!ready.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the workers did not start");
            }
            for (Process p : processes) {
                OutputStream in = p.getOutputStream();
                in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
            }
            for (Process p : processes) {
                p.waitFor(seconds + 60L, TimeUnit.SECONDS);
            }
            for (Thread r : readers) {
                r.join(5_000);
            }
            return events;
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
    }

    /** Worker mode: {@code worker <id> <url> <redisUri|none> <prefix> <seconds>}; prints {@code READY}, then events. */
    private static void worker(String[] args) throws Exception {
        String id = args[1];
        String url = args[2];
        long millis = Long.parseLong(args[5]) * 1000;
        TokenClient client = new TimedClient(CommerceLayerAuth.builder().baseUrl(url).build(), id);
        CachingTokenProvider.Builder builder = CachingTokenProvider.builder(client, grant())
                .listener(new TokenProviderListener() {
                    @Override
                    public void adopted(AccessToken previous, AccessToken current) {
                        emit(id, "adopted", current);
                    }
                });
        RedisTokenStore store = null;
        if (!args[3].equals("none")) {
            store = RedisTokenStore.builder().redisUri(args[3]).keyPrefix(args[4])
                    .encryptionKey(HexFormat.of().parseHex(System.getenv(KEY_VARIABLE))).build();
            builder.tokenStore(store, url);
        }
        try (TokenProvider provider = builder.build()) {
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            long end = System.nanoTime() + millis * 1_000_000;
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        provider.token();
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } finally {
            if (store != null) {
                store.close();
            }
        }
        System.out.flush();
        System.exit(0);
    }

    /** One event line; times in microseconds since the epoch, at millisecond resolution (one machine, one wall clock). */
    static void emit(String id, String kind, AccessToken token) {
        long micros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        synchronized (System.out) {
            System.out.println(id + " " + kind + " " + micros + (token == null ? "" : " " + token.expiresAt().toEpochMilli()));
            System.out.flush();
        }
    }

    static Grant grant() {
        return ClientCredentialsGrant.builder().clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID)
                .clientSecret(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET).build();
    }

    /** Reports this process's own requests: {@code requesting} (it holds the lease by then) and {@code requested}. */
    private static final class TimedClient extends ForwardingTokenClient {
        private final String id;

        TimedClient(TokenClient delegate, String id) {
            super(delegate);
            this.id = id;
        }

        @Override
        public AccessToken requestToken(Grant grant) {
            emit(id, "requesting", null);
            AccessToken token = super.requestToken(grant);
            emit(id, "requested", token);
            return token;
        }
    }

    private static void awaitRedis(String uri, byte[] key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (RedisTokenStore probe = RedisTokenStore.builder().redisUri(uri).encryptionKey(key).build()) {
            while (true) {
                try {
                    probe.get("commerceauth:v1:" + "0".repeat(64));
                    return;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static File onPath(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(entry, name);
            if (f.isFile() && f.canExecute()) {
                return f;
            }
        }
        return null;
    }
}
