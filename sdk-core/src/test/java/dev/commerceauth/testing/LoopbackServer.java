package dev.commerceauth.testing;

import java.io.IOException;
import java.net.InetAddress;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link MockWebServer} on {@code 127.0.0.1} for one test at a time, as a JUnit 5 extension that
 * starts it on a free port before each test and shuts it down after:
 *
 * <pre>{@code
 * @RegisterExtension
 * final LoopbackServer loopback = new LoopbackServer();
 * private final MockWebServer server = loopback.server();
 * }</pre>
 */
public final class LoopbackServer implements BeforeEachCallback, AfterEachCallback {

    private final MockWebServer server = new MockWebServer();

    /**
     * The server, started before each test.
     *
     * @return the server
     */
    public MockWebServer server() {
        return server;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.shutdown();
    }
}
