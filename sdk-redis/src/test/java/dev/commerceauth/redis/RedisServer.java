package dev.commerceauth.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * A real {@code redis-server} for the tests, started on a free loopback port with persistence off
 * ({@code --save "" --appendonly no}), in a temporary directory, and stopped by {@link #close()}.
 * It can be killed, paused ({@code SIGSTOP}) and resumed, and restarted empty on the same port.
 * When {@code redis-server} is not on the PATH the tests fail (they do not skip): {@code .ci/run}
 * installs it. Public for the fleet tests in {@code dev.commerceauth.redis.fleet}.
 */
public final class RedisServer implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final List<String> extraArgs;
    private final String password;
    private final String user;
    private final boolean tls;
    private final Path dir;
    private int port;
    private Process process;

    private RedisServer(List<String> extraArgs, String user, String password, boolean tls) throws IOException {
        this.extraArgs = extraArgs;
        this.user = user;
        this.password = password;
        this.tls = tls;
        this.dir = Files.createTempDirectory("redis-test");
    }

    /** A Redis without authentication. */
    public static RedisServer start() throws IOException {
        return start(Collections.<String>emptyList(), null, null, false);
    }

    /** A Redis whose default user needs {@code password} ({@code --requirepass}). */
    static RedisServer withPassword(String password) throws IOException {
        return start(Arrays.asList("--requirepass", password), null, password, false);
    }

    /** A Redis with the ACL user {@code user} and the default user switched off. */
    static RedisServer withAclUser(String user, String password) throws IOException {
        return start(Arrays.asList("--user", "default", "off", "--user", user, "on", ">" + password, "~*", "+@all"),
                user, password, false);
    }

    /**
     * Starts a replica of {@code master} (on loopback, no persistence).
     *
     * @param master the master
     * @return the running replica
     * @throws IOException if it cannot be started
     */
    static RedisServer replicaOf(RedisServer master) throws IOException {
        return start(Arrays.asList("--replicaof", "127.0.0.1", Integer.toString(master.port())), null, null, false);
    }

    /** A Redis that speaks TLS only, with the given PEM files (no client certificates required). */
    static RedisServer withTls(Path cert, Path key, Path ca) throws IOException {
        return start(Arrays.asList("--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"), null, null, true);
    }

    private static RedisServer start(List<String> extraArgs, String user, String password, boolean tls)
            throws IOException {
        RedisServer server = new RedisServer(extraArgs, user, password, tls);
        server.startOnFreePort();
        return server;
    }

    /** The path of {@code redis-server}, or a test failure saying how to install it. */
    static String executable() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, "redis-server");
                if (f.isFile() && f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return fail("redis-server is not on the PATH. sdk-redis's tests run against a real Redis, which they start"
                + " themselves on a free loopback port: install it (Debian/Ubuntu: apt-get install redis-server;"
                + " .ci/run does this on a fresh machine) and run the build again.");
    }

    public int port() {
        return port;
    }

    /** A URI for the store, without credentials. */
    public String uri() {
        return (tls ? "rediss://localhost:" : "redis://127.0.0.1:") + port + "/0";
    }

    /** The process id, for signals. */
    public long pid() {
        return process.pid();
    }

    /** A direct connection for the tests' own commands (tampering, inspection). */
    public Jedis client() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(5_000);
        if (password != null) {
            config.user(user).password(password);
        }
        if (tls) {
            fail("client() is not available for the TLS server");
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), config.build());
    }

    /** Stops the server with {@code SIGKILL} (kill -9): no clean shutdown. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Pauses the server ({@code SIGSTOP}): connections stay open and nothing answers. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Resumes a paused server ({@code SIGCONT}). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Starts the server again, empty, on the same port (after {@link #kill()}). */
    public void restartEmpty() throws IOException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        if (!launch(port)) {
            fail("redis-server did not start again on port " + port + ": " + log());
        }
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            if (process.isAlive()) {
                try {
                    signal("CONT"); // a paused server cannot handle SIGTERM
                } catch (IOException | InterruptedException e) {
                    // ignore: destroyForcibly below
                }
            }
        }
        stop(process, dir);
    }

    /**
     * Ends a Redis process (SIGTERM, then SIGKILL after 5 s) and deletes its directory.
     *
     * @param process the process, or null if none was started
     * @param dir its directory
     * @throws IOException if the directory cannot be listed
     */
    static void stop(Process process, Path dir) throws IOException {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!Files.exists(dir)) {
            return; // stopped before
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill -" + name + " failed");
        }
    }

    private void startOnFreePort() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                candidate = s.getLocalPort();
            }
            if (launch(candidate)) {
                port = candidate;
                return;
            }
        }
        fail("redis-server did not start on a free port: " + log());
    }

    /** Starts redis-server on {@code candidate} and waits for PING; false if it exited (port taken). */
    private boolean launch(int candidate) throws IOException {
        List<String> command = new ArrayList<>(Arrays.asList(executable(),
                tls ? "--tls-port" : "--port", Integer.toString(candidate),
                "--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--daemonize", "no", "--logfile", log().toString()));
        if (tls) {
            command.addAll(Arrays.asList("--port", "0"));
        }
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        return awaitUp(process, () -> answers(candidate));
    }

    /**
     * Waits until a started Redis process answers; ends it if it does not within the start timeout.
     *
     * @param process the process
     * @param answers whether it answers now
     * @return whether it answers (false: it ended, or was ended)
     * @throws IOException if interrupted
     */
    static boolean awaitUp(Process process, java.util.function.BooleanSupplier answers) throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (answers.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        process.destroyForcibly();
        return false;
    }

    private boolean answers(int candidate) {
        if (tls) {
            // the TLS port is up once the log says so
            try {
                String text = new String(Files.readAllBytes(log()), StandardCharsets.UTF_8);
                return text.contains("Ready to accept connections");
            } catch (IOException e) {
                return false;
            }
        }
        JedisClientConfig config = DefaultJedisClientConfig.builder().timeoutMillis(1_000).build();
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", candidate), config)) {
            jedis.ping();
            return true;
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            return true; // NOAUTH: up, and wants a password
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Path log() {
        return dir.resolve("redis.log");
    }

    /** The server's log, for failure messages. */
    public String logText() {
        try {
            return new String(Files.readAllBytes(log()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
