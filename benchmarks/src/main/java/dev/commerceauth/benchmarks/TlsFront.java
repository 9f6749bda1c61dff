package dev.commerceauth.benchmarks;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS terminator in front of the emulator for {@link VersusDriver}'s https runs, in a JVM of its
 * own (so that its relay threads are in no side's CPU figure): it accepts TLS on {@code localhost}
 * and relays the bytes to the emulator's plain port. {@code main} prints one line,
 * {@code front <https token URL> <trust store path>}, and relays until it is stopped. Its
 * certificate is made for the run with the JDK's {@code keytool}; the trust store every side is
 * given is a copy of the JDK's own
 * {@code cacerts} with that one certificate added (JKS), so each side loads a production-sized trust
 * store, as against a real https endpoint.
 */
final class TlsFront implements Closeable {

    private static final String PASSWORD = "changeit";

    private final Path dir;
    private final Path trustStore;
    private final SSLServerSocket server;
    private final int targetPort;

    private TlsFront(Path dir, Path trustStore, SSLServerSocket server, int targetPort) {
        this.dir = dir;
        this.trustStore = trustStore;
        this.server = server;
        this.targetPort = targetPort;
    }

    /**
     * Runs a front for the emulator's plain-http token URL until the process is stopped.
     *
     * @param args the emulator's plain-http token URL
     */
    public static void main(String[] args) throws Exception {
        TlsFront front = start(args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                front.close();
            } catch (IOException ignored) {
                // exiting
            }
        }));
        System.out.println("front " + front.httpsUrl(args[0]) + " " + front.trustStore);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The system properties that make a JVM trust the front whose trust store is at {@code trustStore}. */
    static Map<String, String> trustProperties(String trustStore) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("javax.net.ssl.trustStore", trustStore);
        properties.put("javax.net.ssl.trustStorePassword", PASSWORD);
        properties.put("javax.net.ssl.trustStoreType", "JKS");
        return properties;
    }

    /**
     * Makes the certificate and trust store and starts relaying to the emulator.
     *
     * @param plainUrl the emulator's plain-http token URL
     * @return the front, serving
     */
    private static TlsFront start(String plainUrl) throws Exception {
        Path dir = Files.createTempDirectory("versus-tls-");
        Path keyStore = dir.resolve("front.p12");
        Path cert = dir.resolve("front.crt");
        Path trust = dir.resolve("trust.jks");
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        keytool("-genkeypair", "-alias", "front", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "front", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importkeystore", "-srckeystore", cacerts.toString(), "-srcstorepass", PASSWORD,
                "-destkeystore", trust.toString(), "-deststoretype", "JKS", "-deststorepass", PASSWORD, "-noprompt");
        keytool("-importcert", "-alias", "versus-front", "-file", cert.toString(), "-keystore", trust.toString(),
                "-storepass", PASSWORD, "-noprompt");

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TlsFront front = new TlsFront(dir, trust, server, URI.create(plainUrl).getPort());
        Thread acceptor = new Thread(front::acceptLoop, "tls-front-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return front;
    }

    /** The https form of the emulator's token URL, through this front. */
    String httpsUrl(String plainUrl) {
        URI u = URI.create(plainUrl);
        return "https://localhost:" + server.getLocalPort() + u.getRawPath();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                relay(client, upstream, "tls-front-up");
                relay(upstream, client, "tls-front-down");
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("tls front: " + e);
                }
            }
        }
    }

    private static void relay(Socket from, Socket to, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
