package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3: the cause chain of a {@link TransportException} carries no server text with a
 * secret in it. A malformed status line that echoes the secret makes OkHttp throw
 * {@code ProtocolException: Unexpected status line: …}; a logged stack trace of the SDK's
 * exception shows that cause's class and frames, with the secret redacted.
 */
class TransportCauseRedactionTest {

    private static final String SECRET = "Cl1ent-Secr3t-9f8e";

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void malformedStatusLineEchoingTheSecretIsRedactedInTheCause() {
        server.enqueue(new MockResponse().setStatus("HTTP/1.1 200" + SECRET + " OK"));
        SellyticsAuth auth = SellyticsAuth.builder()
                .tokenUrl(server.url("/realms/r/protocol/openid-connect/token").toString()).clock(fixedClock()).build();
        TransportException e = assertThrows(TransportException.class, () -> auth.requestToken(
                ClientCredentialsGrant.builder().clientId("client-1").clientSecret(SECRET).build()));
        String trace = printed(e);
        assertFalse(trace.contains(SECRET), trace);
        for (Throwable c = e; c != null; c = c.getCause()) {
            assertFalse(String.valueOf(c.getMessage()).contains(SECRET), c.toString());
            assertFalse(String.valueOf(c.getLocalizedMessage()).contains(SECRET), c.toString());
            assertFalse(c.toString().contains(SECRET), c.toString());
        }
        // the cause still names what happened and where
        assertTrue(trace.contains("Caused by: java.net.ProtocolException: Unexpected status line: HTTP/1.1 200****"), trace);
        assertTrue(trace.contains("okhttp3.internal.http.StatusLine.parse"), trace);
    }

    /** Nested causes and suppressed exceptions (and their causes) are redacted too; a cycle ends. */
    @Test
    void nestedCausesAndSuppressedExceptionsAreRedacted() {
        IllegalStateException inner = new IllegalStateException("inner " + SECRET);
        IOException suppressedCause = new IOException("deep " + SECRET);
        ProtocolException outer = new ProtocolException("outer");
        outer.initCause(new IOException("middle", inner));
        outer.addSuppressed(new IOException("suppressed", suppressedCause));
        outer.addSuppressed(new SocketTimeoutException("clean"));
        Throwable redacted = RedactedCause.redact(outer, Redactor.of(SECRET));
        String trace = printed(redacted);
        assertFalse(trace.contains(SECRET), trace);
        assertTrue(trace.contains("java.net.ProtocolException: outer"), trace);
        assertTrue(trace.contains("Caused by: java.io.IOException: middle"), trace);
        assertTrue(trace.contains("Caused by: java.lang.IllegalStateException: inner ****"), trace);
        assertTrue(trace.contains("Suppressed: java.io.IOException: suppressed"), trace);
        assertTrue(trace.contains("Caused by: java.io.IOException: deep ****"), trace);
        assertEquals("java.net.ProtocolException", ((RedactedCause) redacted).originalClassName());
        assertEquals(outer.getStackTrace().length, redacted.getStackTrace().length);
        // what carries no secret stays itself, with its type
        assertSame(outer.getSuppressed()[1], redacted.getSuppressed()[1]);
        assertInstanceOf(SocketTimeoutException.class, redacted.getSuppressed()[1]);
    }

    @Test
    void aChainWithoutSecretsIsKeptAsItIs() {
        SocketTimeoutException timeout = new SocketTimeoutException("timeout");
        timeout.initCause(new IOException("reset"));
        assertSame(timeout, RedactedCause.redact(timeout, Redactor.of(SECRET)));
    }

    @Test
    void aCycleInTheChainEnds() {
        IOException a = new IOException("a " + SECRET);
        IOException b = new IOException("b", a);
        a.initCause(b);
        Throwable redacted = RedactedCause.redact(a, Redactor.of(SECRET));
        assertFalse(printed(redacted).contains(SECRET), printed(redacted));
        assertEquals("b", redacted.getCause().getMessage());
    }
}
