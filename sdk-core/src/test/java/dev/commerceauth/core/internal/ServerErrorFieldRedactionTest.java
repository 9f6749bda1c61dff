package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 1: every server-supplied field of an error answer that reaches an exception is
 * redacted — Keycloak's {@code error}, the provider {@code code} of Shopware and Commerce Layer,
 * as well as title, detail, description and the body — in the exception's message, its accessors,
 * its printed stack trace and the default listener's log ({@link
 * dev.commerceauth.core.TokenProviderListener#logging()}).
 */
class ServerErrorFieldRedactionTest {

    private static final String SECRET = "Cl1ent-Secr3t-9f8e";
    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("client-1").clientSecret(SECRET).build();

    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLoggerName() + " " + formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger sdk = Logger.getLogger("dev.commerceauth");
    private final Logger providerLog = Logger.getLogger("dev.commerceauth.core.TokenProvider");
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        sdk.setLevel(Level.ALL);
        providerLog.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        sdk.addHandler(handler);
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        sdk.removeHandler(handler);
        sdk.setLevel(null);
        providerLog.setLevel(null);
        server.shutdown();
    }

    private SellyticsAuth sellytics() {
        return SellyticsAuth.builder().tokenUrl(server.url("/realms/r/protocol/openid-connect/token").toString())
                .clock(fixedClock()).build();
    }

    private ShopwareAuth shopware() {
        return ShopwareAuth.builder().shopUrl(server.url("/").toString()).clock(fixedClock()).build();
    }

    private CommerceLayerAuth commerceLayer() {
        return CommerceLayerAuth.builder().baseUrl(server.url("/").toString()).clock(fixedClock()).build();
    }

    /** Everything an application may print of an exception, its fields and the SDK's logs. */
    private String everything(TokenException e) {
        List<String> out = new ArrayList<>();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        out.add(trace.toString());
        out.add(e.getMessage());
        out.add(e.toString());
        if (e instanceof OAuthErrorException) {
            OAuthErrorException o = (OAuthErrorException) e;
            out.add(o.error());
            out.add(o.providerCode().orElse(""));
            out.add(o.errorDescription().orElse(""));
            out.add(o.title().orElse(""));
            out.add(o.responseBody());
        }
        synchronized (logged) {
            out.addAll(logged);
        }
        return String.join("\n", out);
    }

    private static void assertNoSecret(String text) {
        assertFalse(text.contains(SECRET), "leaked the secret in:\n" + text);
        assertFalse(text.contains("Secr3t"), "leaked part of the secret in:\n" + text);
    }

    @Test
    void keycloakErrorFieldCarryingTheSecretIsRedacted() {
        server.enqueue(json(401, "{\"error\":\"invalid client secret " + SECRET + "\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> sellytics().requestToken(GRANT));
        assertNoSecret(everything(e));
        assertTrue(e.getMessage().contains("invalid client secret ****"), e.getMessage());
        assertTrue(ErrorEntry.isOAuthErrorCode(e.error()), e.error());
    }

    @Test
    void keycloakErrorFieldThatIsTheSecretIsRedacted() {
        server.enqueue(json(400, "{\"error\":\"" + SECRET + "\",\"error_description\":\"for " + SECRET + "\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> sellytics().requestToken(GRANT));
        assertNoSecret(everything(e));
        assertTrue(ErrorEntry.isOAuthErrorCode(e.error()), e.error());
        assertEquals("{\"error\":\"****\",\"error_description\":\"for ****\"}", e.responseBody());
    }

    @Test
    void shopwareCodeCarryingTheSecretIsRedacted() {
        server.enqueue(json(401, "{\"errors\":[{\"code\":\"bad secret " + SECRET + "\",\"status\":\"401\","
                + "\"title\":\"Client " + SECRET + "\",\"detail\":\"detail " + SECRET + "\"}]}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> shopware().requestToken(GRANT));
        assertNoSecret(everything(e));
        assertEquals("bad secret ****", e.providerCode().orElse(null));
        assertEquals("Client ****", e.title().orElse(null));
        assertEquals("detail ****", e.errorDescription().orElse(null));
    }

    @Test
    void shopwareThrottleCodeCarryingTheSecretIsRedacted() {
        server.enqueue(json(429, "{\"errors\":[{\"code\":\"" + SECRET + "\",\"status\":\"429\","
                + "\"title\":\"Too Many Requests\",\"detail\":\"slow down\"}]}"));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> shopware().requestToken(GRANT));
        assertNoSecret(everything(e));
        assertEquals("****", e.providerCode().orElse(null));
    }

    @Test
    void commerceLayerCodeCarryingTheSecretIsRedacted() {
        server.enqueue(json(401, "{\"errors\":{\"code\":\"" + SECRET + "\",\"title\":\"invalid_client\","
                + "\"status\":401,\"detail\":\"no\"}}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> commerceLayer().requestToken(GRANT));
        assertNoSecret(everything(e));
        assertEquals("invalid_client", e.error());
        assertEquals("****", e.providerCode().orElse(null));
    }

    @Test
    void commerceLayerTitleThatLooksLikeACodeButCarriesTheSecretIsRedacted() {
        // a title of OAuth-code form is taken as the error code: it must be redacted before
        ClientCredentialsGrant grant = ClientCredentialsGrant.builder().clientId("client-1")
                .clientSecret("secret_of_client").build();
        server.enqueue(json(401, "{\"errors\":[{\"code\":\"secret_of_client\",\"title\":\"secret_of_client\","
                + "\"status\":401}]}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> commerceLayer().requestToken(grant));
        String all = everything(e);
        assertFalse(all.contains("secret_of_client"), all);
        assertEquals("invalid_request", e.error());
    }

    /** The default listener logs the failure's message: it carries no secret either. */
    @Test
    void defaultLoggingListenerLogsTheRedactedFailure() {
        server.enqueue(json(401, "{\"error\":\"invalid client secret " + SECRET + "\","
                + "\"error_description\":\"" + SECRET + "\"}"));
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(sellytics(), GRANT).build()) {
            OAuthErrorException e = assertThrows(OAuthErrorException.class, tokens::token);
            String all = everything(e);
            assertNoSecret(all);
            assertTrue(all.contains("dev.commerceauth.core.TokenProvider"), "the default listener logged nothing:\n" + all);
            assertTrue(all.contains("Token request failed (OAuthErrorException: "), all);
        }
    }
}
