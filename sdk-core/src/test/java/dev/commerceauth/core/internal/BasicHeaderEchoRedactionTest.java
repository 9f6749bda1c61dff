package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.sellytics.ClientAuthentication;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 item 2: an echoed HTTP Basic header — as debug proxies and firewall pages echo request
 * headers — never reaches a message, {@code errorDescription()} or {@code responseBody()}: the
 * base64 of {@code id:secret}, of the secret alone and of {@code urlencode(id):urlencode(secret)}
 * (RFC 6749, section 2.3.1), in the standard and the URL-safe alphabet, with and without padding.
 */
class BasicHeaderEchoRedactionTest {

    private static final String ID = "data-api~client";
    /** Its base64 forms contain {@code +} and {@code /}, so the URL-safe forms differ. */
    private static final String SECRET = "s3cr?>t/+key~?>?";
    private static final String PATH = "/realms/r/protocol/openid-connect/token";

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

    private SellyticsAuth auth(ClientAuthentication how) {
        return SellyticsAuth.builder().tokenUrl(server.url(PATH).toString()).clientAuthentication(how)
                .clock(fixedClock()).build();
    }

    private static ClientCredentialsGrant grant(String secret) {
        return ClientCredentialsGrant.builder().clientId(ID).clientSecret(secret).build();
    }

    private static String form(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every encoded form of the credentials an echo may carry. */
    static Stream<Arguments> encodedForms() {
        List<Arguments> forms = new ArrayList<>();
        String[][] plain = {
            {"id:secret", ID + ":" + SECRET},
            {"secret", SECRET},
            {"urlencode(id):urlencode(secret)", form(ID) + ":" + form(SECRET)},
        };
        for (String[] p : plain) {
            byte[] bytes = p[1].getBytes(StandardCharsets.UTF_8);
            forms.add(Arguments.of(p[0] + " base64", Base64.getEncoder().encodeToString(bytes)));
            forms.add(Arguments.of(p[0] + " base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(bytes)));
            forms.add(Arguments.of(p[0] + " base64url", Base64.getUrlEncoder().encodeToString(bytes)));
            forms.add(Arguments.of(p[0] + " base64url unpadded",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
        }
        return forms.stream();
    }

    @Test
    void theFixtureHasDistinctUrlSafeForms() {
        byte[] bytes = (ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8);
        assertNotEquals(Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().encodeToString(bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedForms")
    void encodedCredentialsInAnErrorAnswerAreRedacted(String name, String encoded) {
        server.enqueue(json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Bad header Authorization: Basic "
                + encoded + " from 10.0.0.1\",\"echo\":{\"authorization\":\"Basic " + encoded + "\"}}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> auth(ClientAuthentication.FORM_FIELDS).requestToken(grant(SECRET)));
        String stripped = encoded.replace("=", "");
        for (String text : new String[] {e.getMessage(), e.toString(), e.errorDescription().orElse(""), e.responseBody()}) {
            assertFalse(text.contains(stripped), name + " leaked in:\n" + text);
            assertFalse(text.contains(SECRET), text);
        }
        assertEquals("Bad header Authorization: Basic **** from 10.0.0.1", e.errorDescription().orElse(null));
        assertTrue(e.responseBody().contains("\"authorization\":\"Basic ****\""), e.responseBody());
    }

    /** A PHP encoder writes {@code /} as {@code \/}: the base64 is split by backslashes in the body. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedForms")
    void encodedCredentialsWithEscapedSlashesAreRedacted(String name, String encoded) {
        String escaped = encoded.replace("/", "\\/");
        server.enqueue(json(400, "{\"error\":\"invalid_request\",\"error_description\":\"Basic " + escaped + "\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> auth(ClientAuthentication.FORM_FIELDS).requestToken(grant(SECRET)));
        String stripped = encoded.replace("=", "");
        for (String text : new String[] {e.getMessage(), e.errorDescription().orElse(""), e.responseBody()}) {
            assertFalse(text.contains(stripped), name + " leaked in:\n" + text);
            assertFalse(text.contains(escaped.replace("=", "")), name + " leaked in:\n" + text);
        }
    }

    /** The real thing: a gateway echoing the Authorization header the SDK sent. */
    @Test
    void theSentBasicHeaderEchoedBackIsRedacted() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String header = request.getHeader("Authorization");
                return json(401, "{\"error\":\"unauthorized_client\",\"error_description\":\"Rejected "
                        + header + "\"}");
            }
        });
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> auth(ClientAuthentication.BASIC).requestToken(grant(SECRET)));
        String sent = server.takeRequest().getHeader("Authorization");
        assertTrue(sent.startsWith("Basic "), sent);
        String b64 = sent.substring("Basic ".length()).replace("=", "");
        for (String text : new String[] {e.getMessage(), e.errorDescription().orElse(""), e.responseBody()}) {
            assertFalse(text.contains(b64), "leaked in:\n" + text);
        }
        assertEquals("Rejected Basic ****", e.errorDescription().orElse(null));
    }

    /** A secret shorter than four characters is still found as the whole password of a Basic value. */
    @Test
    void basicValueOfAShortSecretIsRedacted() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Got "
                        + request.getHeader("Authorization") + "\"}");
            }
        });
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> auth(ClientAuthentication.BASIC).requestToken(grant("k9")));
        String sent = server.takeRequest().getHeader("Authorization").substring("Basic ".length());
        assertFalse(e.errorDescription().orElse("").contains(sent.replace("=", "")), e.errorDescription().orElse(""));
        assertFalse(e.responseBody().contains(sent.replace("=", "")), e.responseBody());
        assertEquals("Got Basic ****", e.errorDescription().orElse(null));
    }

    /** The secret inside a longer base64 text at any byte offset (a base64-encoded request body). */
    @ParameterizedTest(name = "prefix of {0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2, 3, 4})
    void secretInsideALongerBase64TextIsRedacted(int prefixLength) {
        String body = "grant_type=client_credentials".substring(0, prefixLength) + SECRET + "&scope=x";
        String encoded = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        server.enqueue(json(400, "{\"error\":\"invalid_request\",\"error_description\":\"body " + encoded + "\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class,
                () -> auth(ClientAuthentication.FORM_FIELDS).requestToken(grant(SECRET)));
        assertEquals("body ****", e.errorDescription().orElse(null));
    }
}
