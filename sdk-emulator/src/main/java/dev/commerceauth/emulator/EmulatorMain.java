package dev.commerceauth.emulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone: {@code java -jar sdk-emulator-<version>.jar --port 8089}. Prints its
 * URLs and the demo credentials, then serves until the process is stopped.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    /**
     * Entry point. Options: {@code --port N} (default 8089, 0 for a free port),
     * {@code --token-lifetime SECONDS} (every dialect), {@code --help}.
     *
     * @param args the command line
     * @throws InterruptedException if the main thread is interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        TokenServerEmulator emulator;
        try {
            emulator = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            usage(System.err);
            System.exit(2);
            return;
        }
        if (emulator == null) {
            return;
        }
        final TokenServerEmulator running = emulator;
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "token-server-emulator-shutdown"));
        stopped.await();
    }

    /**
     * Parses the options, starts an emulator and prints its URLs and the demo credentials.
     *
     * @param args the command line
     * @param out where to print
     * @return the started emulator, or {@code null} when {@code --help} was asked
     * @throws IllegalArgumentException on an unknown or malformed option
     */
    static TokenServerEmulator start(String[] args, PrintStream out) {
        TokenServerEmulator.Builder builder = TokenServerEmulator.builder().port(8089);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg)) {
                usage(out);
                return null;
            } else if ("--port".equals(arg)) {
                builder.port(number(args, ++i, "--port"));
            } else if ("--token-lifetime".equals(arg)) {
                int seconds = number(args, ++i, "--token-lifetime");
                if (seconds <= 0) {
                    throw new IllegalArgumentException("--token-lifetime must be positive");
                }
                builder.tokenLifetime(Duration.ofSeconds(seconds));
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        TokenServerEmulator emulator = builder.start();
        printBanner(emulator, out);
        return emulator;
    }

    private static int number(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number: " + args[i]);
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage: java -jar sdk-emulator.jar [--port N] [--token-lifetime SECONDS] [--help]");
        out.println();
        out.println("A local server that answers like the sellytics (Keycloak), Shopware and Commerce Layer");
        out.println("token endpoints, on 127.0.0.1.");
        out.println();
        out.println("  --port N                  port to listen on (default 8089, 0 = any free port)");
        out.println("  --token-lifetime SECONDS  access token lifetime of every dialect");
        out.println("                            (default: sellytics 86400, Shopware 600, Commerce Layer 14400/7200)");
        out.println("  --help                    print this help");
        out.flush();
    }

    static void printBanner(TokenServerEmulator e, PrintStream out) {
        out.println("Token server emulator listening on " + e.baseUrl());
        out.println();
        out.println("URLs");
        out.println("  sellytics token URL        " + e.sellyticsTokenUrl());
        out.println("  sellytics revoke URL       " + e.sellyticsRevokeUrl());
        out.println("  Shopware shop URL          " + e.shopwareUrl());
        out.println("  Shopware token URL         " + e.shopwareTokenUrl());
        out.println("  Commerce Layer base URL    " + e.commerceLayerBaseUrl());
        out.println("  Commerce Layer token URL   " + e.commerceLayerTokenUrl());
        out.println("  Commerce Layer revoke URL  " + e.commerceLayerRevokeUrl());
        out.println("  Commerce Layer JWKS URL    " + e.commerceLayerJwksUrl());
        out.println("  protected resource         " + e.protectedResourceUrl());
        out.println();
        out.println("Demo credentials (emulator only)");
        out.println("  sellytics client           client_id=" + DemoCredentials.SELLYTICS_CLIENT_ID
                + " client_secret=" + DemoCredentials.SELLYTICS_CLIENT_SECRET + " scope=" + DemoCredentials.SELLYTICS_SCOPE);
        out.println("  Shopware integration       client_id=" + DemoCredentials.SHOPWARE_ACCESS_KEY_ID
                + " client_secret=" + DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY);
        out.println("  Shopware admin user        client_id=administration username=" + DemoCredentials.SHOPWARE_ADMIN_USERNAME
                + " password=" + DemoCredentials.SHOPWARE_ADMIN_PASSWORD);
        out.println("  Commerce Layer sales ch.   client_id=" + DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID
                + " (no secret) scope=market:id:" + DemoCredentials.COMMERCELAYER_MARKET_ID);
        out.println("  Commerce Layer integration client_id=" + DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID
                + " client_secret=" + DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET);
        out.println("  Commerce Layer webapp      client_id=" + DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID
                + " client_secret=" + DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET
                + " redirect_uri=" + DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI);
        out.println("  Commerce Layer customer    username=" + DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL
                + " password=" + DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD);
        out.println();
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }
}
