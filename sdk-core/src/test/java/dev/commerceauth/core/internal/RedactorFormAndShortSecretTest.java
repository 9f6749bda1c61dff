package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Review finding C: secrets echoed form-urlencoded, form members in HTML/WAF error pages, short
 * secrets as whole values, and user info or secrets in a redirect's {@code Location} never reach
 * an exception's message, {@code toString()}, cause chain or {@code responseBody()}.
 */
class RedactorFormAndShortSecretTest {

    /** Form-encodes to {@code ab%2Bcd%2Fef%3D}. */
    private static final String SECRET = "ab+cd/ef=";
    /** Contains a space: {@code ab+cd%2Bef} or {@code ab%20cd%2Bef} on the wire. */
    private static final String SPACED = "ab cd+ef";
    private static final String SHORT_PASSWORD = "pw1";

    private MockWebServer server;
    private SellyticsAuth sellytics;
    private ShopwareAuth shopware;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        sellytics = SellyticsAuth.builder().tokenUrl(server.url("/realms/r/protocol/openid-connect/token").toString())
                .clock(fixedClock()).build();
        shopware = ShopwareAuth.builder().shopUrl(server.url("/").toString()).clock(fixedClock()).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    /** Everything an application may print of an exception: messages, toString of the cause chain, body, fields. */
    private static String everything(TokenException e) {
        List<String> out = new ArrayList<>();
        for (Throwable c = e; c != null; c = c.getCause()) {
            out.add(c.getMessage());
            out.add(c.getLocalizedMessage());
            out.add(c.toString());
        }
        if (e instanceof OAuthErrorException) {
            OAuthErrorException o = (OAuthErrorException) e;
            out.add(o.responseBody());
            out.add(o.errorDescription().orElse(""));
            out.add(o.title().orElse(""));
        }
        return String.join("\n", out);
    }

    private static void assertNone(String text, String... leaks) {
        for (String leak : leaks) {
            assertFalse(text.contains(leak), "leaked '" + leak + "' in:\n" + text);
        }
    }

    private static <T extends TokenException> T thrown(Class<T> type, Executable call) {
        return assertThrows(type, call);
    }

    private ClientCredentialsGrant clientCredentials(String secret) {
        return ClientCredentialsGrant.builder().clientId("c").clientSecret(secret).build();
    }

    @Test
    void formEncodedEchoOfTheSecretIsRedacted() {
        server.enqueue(json(400, "{\"error\":\"invalid_request\",\"error_description\":\"Bad body: "
                + "grant_type=client_credentials&client_id=c&client_secret=ab%2Bcd%2Fef%3D\"}"));
        OAuthErrorException e = thrown(OAuthErrorException.class, () -> sellytics.requestToken(clientCredentials(SECRET)));
        String all = everything(e);
        assertNone(all, "ab%2Bcd%2Fef%3D", "ab%2bcd%2fef%3d", SECRET);
        assertTrue(e.responseBody().contains("client_secret=****"), e.responseBody());
        assertTrue(e.getMessage().contains("client_id=c"), e.getMessage());
    }

    @Test
    void formEncodedSecretInFreeTextIsRedactedInBothSpaceForms() {
        server.enqueue(json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Unknown secret ab+cd%2Bef"
                + " (also seen as ab%20cd%2bef)\"}"));
        OAuthErrorException e = thrown(OAuthErrorException.class, () -> sellytics.requestToken(clientCredentials(SPACED)));
        assertNone(everything(e), "ab+cd%2Bef", "ab%20cd%2bef", SPACED);
        assertEquals("Unknown secret **** (also seen as ****)", e.errorDescription().orElse(null));
    }

    @Test
    void formMembersInAWafPageAreRedacted() {
        PasswordGrant grant = ShopwareAuth.passwordGrant("admin", SHORT_PASSWORD);
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Content-Type", "text/html")
                .setBody("<html><body>Request blocked: client_id=administration&grant_type=password&username=admin"
                        + "&password=" + SHORT_PASSWORD + "&refresh_token=def50200aa&code=xyz&token=t0k"
                        + "&access_token=eyJhbGc&assertion=a1<br>Access-Token: hidden</body></html>"));
        RateLimitedException e = thrown(RateLimitedException.class, () -> shopware.requestToken(grant));
        String all = everything(e);
        assertNone(all, "password=" + SHORT_PASSWORD, "def50200aa", "code=xyz", "t0k", "eyJhbGc", "a1<");
        assertTrue(e.responseBody().contains("password=****&refresh_token=****&code=****&token=****"
                + "&access_token=****&assertion=****<br>"), e.responseBody());
        assertTrue(e.responseBody().contains("username=admin"), e.responseBody());
    }

    @Test
    void shortSecretIsRedactedAsAWholeJsonOrFormValue() {
        PasswordGrant grant = ShopwareAuth.passwordGrant("admin", SHORT_PASSWORD);
        server.enqueue(json(400, "{\"errors\":[{\"code\":\"6\",\"status\":\"400\","
                + "\"title\":\"The user credentials were incorrect.\",\"detail\":\"" + SHORT_PASSWORD + "\","
                + "\"meta\":{\"echo\":\"/login?pass=" + SHORT_PASSWORD + "&x=1\"}}]}"));
        OAuthErrorException e = thrown(OAuthErrorException.class, () -> shopware.requestToken(grant));
        assertNone(everything(e), SHORT_PASSWORD);
        assertEquals("****", e.errorDescription().orElse(null));
        assertTrue(e.responseBody().contains("pass=****&x=1"), e.responseBody());
        assertEquals("6", e.providerCode().orElse(null));
    }

    /** HTML-safe JSON encoders: Symfony (upper-case hex), Rails and Gson (lower-case hex). */
    @Test
    void secretsEchoedWithHtmlSafeJsonEscapesAreRedacted() {
        String password = "p&ss<w0rd'x=\"y";
        PasswordGrant grant = ShopwareAuth.passwordGrant("admin", password);
        String symfony = "p\\u0026ss\\u003Cw0rd\\u0027x=\\u0022y";
        String rails = "p\\u0026ss\\u003cw0rd'x\\u003d\\\"y";
        server.enqueue(json(400, "{\"errors\":[{\"code\":\"6\",\"status\":\"400\","
                + "\"title\":\"The user credentials were incorrect.\",\"detail\":\"Login with " + symfony
                + " failed\",\"meta\":{\"echo\":\"" + rails + "\",\"other\":\"keep \\u0026 this\"}}]}"));
        OAuthErrorException e = thrown(OAuthErrorException.class, () -> shopware.requestToken(grant));
        assertNone(everything(e), password, symfony, rails, "w0rd");
        assertEquals("Login with **** failed", e.errorDescription().orElse(null));
        assertTrue(e.responseBody().contains("\"echo\":\"****\""), e.responseBody());
        assertTrue(e.responseBody().contains("\"other\":\"keep \\u0026 this\""), "strings without a secret stay as sent: "
                + e.responseBody());
    }

    @Test
    void shortSecretInsideFreeTextIsKeptAsDocumented() {
        Redactor r = Redactor.of(SHORT_PASSWORD);
        assertEquals("****", r.redact(SHORT_PASSWORD));
        assertEquals("x=****", r.redact("x=" + SHORT_PASSWORD));
        assertEquals("{\"a\":\"****\"}", r.redact("{\"a\":\"" + SHORT_PASSWORD + "\"}"));
        // part of longer free text: not removed (documented rule; 1-3 characters would garble every message)
        assertEquals("mypw1x", r.redact("mypw1x"));
        assertEquals("****", Redactor.of("x").redact("x"));
        assertEquals(4, Redactor.MIN_FREE_TEXT_LENGTH);
    }

    @Test
    void redirectLocationLosesUserInfoAndSecrets() {
        server.enqueue(new MockResponse().setResponseCode(302)
                .setHeader("Location", "https://user:s3cr3t-pw@evil.example.com/cb/" + SECRET + "?code=x#frag"));
        InvalidResponseException e = thrown(InvalidResponseException.class,
                () -> sellytics.requestToken(clientCredentials(SECRET)));
        String all = everything(e);
        assertNone(all, "s3cr3t-pw", "user:", SECRET, "code=x", "frag");
        assertTrue(e.getMessage().contains("to https://evil.example.com/cb/****"
                + " (user info and query omitted)"), e.getMessage());

        server.enqueue(new MockResponse().setResponseCode(301)
                .setHeader("Location", "//user:s3cr3t-pw@evil.example.com/path/ab%2Bcd%2Fef%3D?q=1"));
        InvalidResponseException relative = thrown(InvalidResponseException.class,
                () -> sellytics.requestToken(clientCredentials(SECRET)));
        assertNone(everything(relative), "s3cr3t-pw", "user:", "ab%2Bcd%2Fef%3D", "q=1");
        assertTrue(relative.getMessage().contains("to //evil.example.com/path/**** (user info and query omitted)"),
                relative.getMessage());
    }

    @Test
    void redactorUnitCases() {
        Redactor r = Redactor.of(SECRET, SPACED);
        String echo = String.join(" | ", Arrays.asList("ab%2Bcd%2Fef%3D", "ab%2bcd%2fef%3d", "ab+cd%2Bef",
                "ab%20cd%2Bef", "ab+cd\\/ef="));
        assertEquals("**** | **** | **** | **** | ****", r.redact(echo));
        assertEquals("<p>client_secret=****&amp;x", Redactor.none().redact("<p>client_secret=anything&amp;x"));
        assertEquals("error_code=7&postcode=12345&token_type=Bearer",
                Redactor.none().redact("error_code=7&postcode=12345&token_type=Bearer"));
    }
}
