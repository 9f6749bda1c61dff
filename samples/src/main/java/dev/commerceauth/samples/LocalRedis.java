package dev.commerceauth.samples;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away {@code redis-server} for the {@link RedisFleet} sample: started from the PATH on a
 * free loopback port with persistence off ({@code --save "" --appendonly no}) in a temporary
 * directory, and stopped by {@link #close()}. In production, point the store at your own Redis.
 */
final class LocalRedis implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private LocalRedis(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The {@code redis-server} on the PATH, or null when there is none. */
    static File executable() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                File candidate = new File(entry, "redis-server");
                if (candidate.isFile() && candidate.canExecute()) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Starts {@code executable} on a free loopback port and waits (at most 15 s) until it answers PING. */
    static LocalRedis start(File executable) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("redis-fleet-sample");
        Process process = new ProcessBuilder(executable.getAbsolutePath(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        LocalRedis redis = new LocalRedis(process, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (redis.answersPing()) {
                return redis;
            }
            Thread.sleep(20);
        }
        redis.close();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** The URI for {@code RedisTokenStore.builder().redisUri(...)}. */
    String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            int n = 0;
            while (n < reply.length) {
                int read = in.read(reply, n, reply.length - n);
                if (read < 0) {
                    return false;
                }
                n += read;
            }
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                f.delete();
            }
        }
        dir.toFile().delete();
    }
}
