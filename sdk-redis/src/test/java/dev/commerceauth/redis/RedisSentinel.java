package dev.commerceauth.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Sentinel for tests ({@code redis-server sentinel.conf --sentinel}, the same binary as
 * {@link RedisServer}) on a free loopback port, watching one master under {@link #MASTER}, with a
 * one-second down-after time so that failovers in tests are quick.
 */
final class RedisSentinel implements AutoCloseable {

    static final String MASTER = "tokens";

    private final Path dir;
    private final String password;
    /** The TLS settings of {@code sentinel.conf} (cert, key, CA), or null for plain TCP. */
    private final String tls;
    private int port;
    private Process process;

    private RedisSentinel(String password, String tls) throws IOException {
        this.dir = Files.createTempDirectory("redis-sentinel-test");
        this.password = password;
        this.tls = tls;
    }

    /**
     * Starts a Sentinel watching {@code master}.
     *
     * @param master the master
     * @param password the Sentinel's own {@code requirepass}, or null
     * @return the running Sentinel
     * @throws IOException if it cannot be started
     */
    static RedisSentinel watching(RedisServer master, String password) throws IOException {
        RedisSentinel sentinel = new RedisSentinel(password, null);
        sentinel.start(master.port());
        return sentinel;
    }

    /**
     * Starts a Sentinel that speaks TLS only (no client certificates required) and watches a TLS
     * master over TLS.
     *
     * @param master the master, started with {@link RedisServer#withTls}
     * @param cert the Sentinel's certificate (PEM)
     * @param key its private key (PEM)
     * @param ca the CA that signed the master's certificate (PEM)
     * @return the running Sentinel
     * @throws IOException if it cannot be started
     */
    static RedisSentinel watchingTls(RedisServer master, Path cert, Path key, Path ca) throws IOException {
        RedisSentinel sentinel = new RedisSentinel(null, "tls-cert-file " + cert + "\ntls-key-file " + key
                + "\ntls-ca-cert-file " + ca + "\ntls-auth-clients no\ntls-replication yes\n");
        sentinel.start(master.port());
        return sentinel;
    }

    int port() {
        return port;
    }

    /** A client of this Sentinel. */
    Jedis client() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(5_000);
        if (password != null) {
            config.password(password);
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), config.build());
    }

    /** The port of the master this Sentinel names now. */
    int masterPort() {
        try (Jedis jedis = client()) {
            List<String> address = jedis.sentinelGetMasterAddrByName(MASTER);
            return Integer.parseInt(address.get(1));
        }
    }

    /**
     * Fails the master over to a replica and waits until this Sentinel names the new master.
     *
     * @param timeoutMillis how long to wait
     * @return the new master's port
     */
    int failover(long timeoutMillis) throws InterruptedException {
        int old = masterPort();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try (Jedis jedis = client()) {
                // refused with NOGOODSLAVE until the Sentinel has seen the replica: try again
                jedis.sentinelFailover(MASTER);
            } catch (RuntimeException notYet) {
                Thread.sleep(200);
                continue;
            }
            while (System.currentTimeMillis() < deadline) {
                int now = masterPort();
                if (now != old) {
                    return now;
                }
                Thread.sleep(50);
            }
        }
        return fail("the Sentinel did not fail " + MASTER + " over within " + timeoutMillis + " ms: " + log());
    }

    private void start(int masterPort) throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                candidate = s.getLocalPort();
            }
            StringBuilder conf = new StringBuilder()
                    .append(tls == null ? "port " + candidate + "\n" : "port 0\ntls-port " + candidate + "\n" + tls)
                    .append("bind 127.0.0.1\n")
                    .append("daemonize no\n")
                    .append("logfile ").append(dir.resolve("sentinel.log")).append('\n')
                    .append("dir ").append(dir).append('\n')
                    .append("sentinel monitor ").append(MASTER).append(" 127.0.0.1 ").append(masterPort).append(" 1\n")
                    .append("sentinel down-after-milliseconds ").append(MASTER).append(" 1000\n")
                    .append("sentinel failover-timeout ").append(MASTER).append(" 5000\n");
            if (password != null) {
                conf.append("requirepass ").append(password).append('\n');
            }
            Path file = dir.resolve("sentinel.conf"); // Sentinel rewrites its configuration: a file of its own
            Files.write(file, conf.toString().getBytes(StandardCharsets.UTF_8));
            process = new ProcessBuilder(RedisServer.executable(), file.toString(), "--sentinel")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            port = candidate;
            if (RedisServer.awaitUp(process, this::answers)) {
                return;
            }
        }
        fail("redis-server --sentinel did not start on a free port: " + log());
    }

    private boolean answers() {
        if (tls != null) {
            return log().contains("+monitor master " + MASTER); // no TLS client here: its log says it is up
        }
        try (Jedis jedis = client()) {
            return jedis.sentinelGetMasterAddrByName(MASTER) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    String log() {
        try {
            return new String(Files.readAllBytes(dir.resolve("sentinel.log")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws IOException {
        RedisServer.stop(process, dir);
    }
}
