package dev.commerceauth.sellytics;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SellyticsAuthTest {

    static final String PATH = "/realms/sellytics/protocol/openid-connect/token";
    static final String OK = "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.e30.sig-sellytics-XYZ\",\"expires_in\":86400,"
            + "\"refresh_expires_in\":0,\"token_type\":\"Bearer\",\"not-before-policy\":0,"
            + "\"scope\":\"sellytics-data-api profile email\"}";

    private MockWebServer server;
    private SellyticsAuth auth;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        auth = SellyticsAuth.builder().tokenUrl(server.url(PATH).toString()).clock(fixedClock()).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    static ClientCredentialsGrant grant() {
        return ClientCredentialsGrant.builder().clientId("my-key").clientSecret("s3cr3t+/=&")
                .scope(SellyticsAuth.DATA_API_SCOPE).build();
    }

    @Test
    void clientCredentialsWithFormFields() throws Exception {
        server.enqueue(json(200, OK));
        AccessToken token = auth.requestToken(grant());

        RecordedRequest r = server.takeRequest();
        assertEquals("POST", r.getMethod());
        assertEquals(PATH, r.getPath());
        assertEquals("application/x-www-form-urlencoded", r.getHeader("Content-Type"));
        assertNull(r.getHeader("Authorization"));
        assertEquals("grant_type=client_credentials&client_id=my-key&client_secret=s3cr3t%2B%2F%3D%26&scope=sellytics-data-api",
                r.getBody().readUtf8());

        assertEquals("eyJhbGciOiJSUzI1NiJ9.e30.sig-sellytics-XYZ", token.value());
        assertEquals("Bearer", token.tokenType());
        assertEquals(NOW, token.issuedAt());
        assertEquals(NOW.plusSeconds(86400), token.expiresAt());
        assertEquals(Scope.parse("sellytics-data-api profile email"), token.scope());
        assertEquals(Optional.empty(), token.refreshToken());
        assertEquals(0L, token.extraFields().get("not-before-policy"));
        assertEquals(0L, token.extraFields().get("refresh_expires_in"));
        assertFalse(token.extraFields().containsKey("session_state"));
    }

    @Test
    void seedAnswerWithRefreshTokenAndSessionState() {
        server.enqueue(json(200, "{\"access_token\":\"eyJhbGciOiJSUzI1NiIsInR5cCIgOiAiSjy\",\"expires_in\":86400,"
                + "\"refresh_expires_in\":86400,\"refresh_token\":\"eyJhbGciOiJIUzI1NiIWFsbXMv\",\"token_type\":\"bearer\","
                + "\"not-before-policy\":0,\"session_state\":\"7df5b4cb-00bf-4a6e-90f4-1c8a1863c135\","
                + "\"scope\":\"sellytics-data-api\"}"));
        AccessToken token = auth.requestToken(grant());
        assertEquals("bearer", token.tokenType());
        assertEquals(Optional.of("eyJhbGciOiJIUzI1NiIWFsbXMv"), token.refreshToken());
        assertEquals("7df5b4cb-00bf-4a6e-90f4-1c8a1863c135", token.extraFields().get("session_state"));
        assertEquals(86400L, token.extraFields().get("refresh_expires_in"));
    }

    @Test
    void clientCredentialsWithHttpBasic() throws Exception {
        SellyticsAuth basic = SellyticsAuth.builder().tokenUrl(server.url(PATH).toString()).clock(fixedClock())
                .clientAuthentication(ClientAuthentication.BASIC).build();
        server.enqueue(json(200, OK));
        basic.requestToken(ClientCredentialsGrant.builder().clientId("my-key:1").clientSecret("s3cr3t+/=&")
                .scope(SellyticsAuth.DATA_API_SCOPE).build());
        RecordedRequest r = server.takeRequest();
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                "my-key%3A1:s3cr3t%2B%2F%3D%26".getBytes(StandardCharsets.US_ASCII));
        assertEquals(expected, r.getHeader("Authorization"));
        assertEquals("grant_type=client_credentials&scope=sellytics-data-api", r.getBody().readUtf8());
    }

    @Test
    void grantWithoutScopeRequestsTheDataApiScope() throws Exception {
        server.enqueue(json(200, OK));
        auth.requestToken(ClientCredentialsGrant.builder().clientId("k").clientSecret("s").build());
        assertEquals("grant_type=client_credentials&client_id=k&client_secret=s&scope=sellytics-data-api",
                server.takeRequest().getBody().readUtf8());
    }

    @Test
    void connectionRefusedIsATransportException() throws Exception {
        SellyticsAuth a = SellyticsAuth.builder().tokenUrl(server.url(PATH).toString()).build();
        server.shutdown();
        TransportException e = assertThrows(TransportException.class, () -> a.requestToken(grant()));
        assertFalse(e.isTimeout());
        assertTrue(e.getMessage().startsWith("Could not reach sellytics for the client_credentials token request"), e.getMessage());
    }

    @Test
    void basicNeedsASecret() {
        SellyticsAuth basic = SellyticsAuth.builder().tokenUrl(server.url(PATH).toString())
                .clientAuthentication(ClientAuthentication.BASIC).build();
        assertEquals("ClientAuthentication.BASIC needs a client secret; set clientSecret on the grant or use FORM_FIELDS",
                assertThrows(IllegalArgumentException.class,
                        () -> basic.requestToken(ClientCredentialsGrant.builder().clientId("x").build())).getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void basicRefusesANonAsciiSecretButFormFieldsSendIt() throws Exception {
        SellyticsAuth basic = SellyticsAuth.builder().tokenUrl(server.url(PATH).toString())
                .clientAuthentication(ClientAuthentication.BASIC).build();
        ClientCredentialsGrant grant = ClientCredentialsGrant.builder().clientId("k")
                .clientSecret(Secret.ofPassword("sécret-1")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> basic.requestToken(grant));
        assertEquals("ClientAuthentication.BASIC sends the client secret in the Authorization header, which takes ASCII "
                + "only, but the client secret has a non-ASCII character at position 1; use an ASCII client secret or "
                + "FORM_FIELDS", e.getMessage());
        assertFalse(e.getMessage().contains("sécret"));
        assertThrows(IllegalArgumentException.class, () -> basic.revoke("t-1", grant));
        assertEquals(0, server.getRequestCount());

        server.enqueue(json(200, OK));
        auth.requestToken(grant);
        assertEquals("grant_type=client_credentials&client_id=k&client_secret=s%C3%A9cret-1&scope=sellytics-data-api",
                server.takeRequest().getBody().readUtf8());
    }

    @Test
    void olderKeycloakPathWithAuthPrefix() throws Exception {
        SellyticsAuth old = SellyticsAuth.builder()
                .tokenUrl(server.url("/auth/realms/r1/protocol/openid-connect/token").toString()).build();
        server.enqueue(json(200, OK));
        old.requestToken(grant());
        assertEquals("/auth/realms/r1/protocol/openid-connect/token", server.takeRequest().getPath());
    }

    @Test
    void rejectsOtherGrantsBeforeSending() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> auth.requestToken(
                PasswordGrant.builder().clientId("c").username("u").password("p").build()));
        assertEquals("sellytics supports only the client_credentials grant, not password; use ClientCredentialsGrant",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> auth.requestToken(
                RefreshTokenGrant.builder().clientId("c").refreshToken("r").build()));
        assertEquals("grant must not be null",
                assertThrows(IllegalArgumentException.class, () -> auth.requestToken(null)).getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "401|unauthorized_client|Invalid client or Invalid client credentials|true|false",
        "401|invalid_client|Invalid client or Invalid client credentials|true|false",
        "400|invalid_client|Missing client_id parameter|true|false",
        "400|invalid_scope|Invalid scopes: x|false|false",
        "400|unsupported_grant_type|Unsupported grant_type|false|false",
        "400|invalid_grant|Invalid refresh token|false|true",
        "403|access_denied|Realm not enabled|false|false",
        "403|invalid_request|HTTPS required|false|false",
    })
    void keycloakErrors(int status, String error, String description, boolean invalidClient, boolean invalidGrant) {
        String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}";
        server.enqueue(json(status, body));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(grant()));
        assertSame(OAuthErrorException.class, e.getClass());
        assertEquals(status, e.httpStatus());
        assertEquals(error, e.error());
        assertEquals(Optional.of(description), e.errorDescription());
        assertEquals(Optional.empty(), e.providerCode());
        assertEquals(Optional.empty(), e.title());
        assertEquals(body, e.responseBody());
        assertEquals(invalidClient, e.isInvalidClient());
        assertEquals(invalidGrant, e.isInvalidGrant());
        assertFalse(e.isRetryable());
        assertTrue(e.isPermanent());
        assertTrue(e.getMessage().startsWith("sellytics "), e.getMessage());
        assertTrue(e.getMessage().contains("(" + status + " " + error + ": " + description + ")"), e.getMessage());
    }

    @Test
    void wrongSecretMessageSaysWhatToDo() {
        server.enqueue(json(401, "{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.requestToken(grant()));
        assertEquals("sellytics rejected the client credentials (401 unauthorized_client: Invalid client or Invalid client"
                + " credentials). Check the client id and secret of the API key (sellytics suite, DATA API module).",
                e.getMessage());
    }

    @Test
    void revokeSendsFormAndAcceptsEmpty200() throws Exception {
        SellyticsAuth a = SellyticsAuth.builder().tokenUrl(server.url(PATH).toString())
                .revocationCredentials("my-key", Secret.of("sec")).build();
        server.enqueue(new MockResponse().setResponseCode(200));
        a.revoke("eyJ-token-to-revoke");
        RecordedRequest r = server.takeRequest();
        assertEquals("/realms/sellytics/protocol/openid-connect/revoke", r.getPath());
        assertEquals("token=eyJ-token-to-revoke&client_id=my-key&client_secret=sec", r.getBody().readUtf8());
    }

    @Test
    void revokeInvalidTokenIsAnErrorEvenWith200() {
        server.enqueue(json(200, "{\"error\":\"invalid_token\"}"));
        OAuthErrorException e = assertThrows(OAuthErrorException.class, () -> auth.revoke("garbage-token", grant()));
        assertEquals(200, e.httpStatus());
        assertEquals("invalid_token", e.error());
        assertFalse(e.isRetryable());
    }

    @Test
    void revokeWithoutCredentialsFailsFast() {
        assertThrows(IllegalStateException.class, () -> auth.revoke("t"));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void tokenUrlValidation() {
        assertEquals("tokenUrl is required, for example https://auth.example.com/realms/{realm}/protocol/openid-connect/token",
                assertThrows(IllegalArgumentException.class, () -> SellyticsAuth.builder().build()).getMessage());
        assertEquals("tokenUrl must end with /realms/{realm}/protocol/openid-connect/token: https://auth.example.com/token",
                assertThrows(IllegalArgumentException.class,
                        () -> SellyticsAuth.builder().tokenUrl("https://auth.example.com/token").build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SellyticsAuth.builder()
                .tokenUrl("http://auth.example.com" + PATH).build()).getMessage()
                .startsWith("tokenUrl uses plain http to auth.example.com: credentials would travel unencrypted."));
        SellyticsAuth.builder().tokenUrl("http://auth.example.com" + PATH).allowInsecureHttp(true).build();
        SellyticsAuth.builder().tokenUrl("https://auth.example.com" + PATH).build();
        assertEquals("tokenUrl is not a valid http(s) URL: ftp://x; expected for example https://host/path",
                assertThrows(IllegalArgumentException.class,
                        () -> SellyticsAuth.builder().tokenUrl("ftp://x").build()).getMessage());
        // a URL that does not parse is echoed without its user info and query, which may hold credentials
        assertEquals("tokenUrl is not a valid http(s) URL: https://auth.example.com:99999/realms/x"
                + " (user info and query omitted); expected for example https://host/path", assertThrows(IllegalArgumentException.class,
                        () -> SellyticsAuth.builder().tokenUrl("https://client:Sup3rS3cret@auth.example.com:99999/realms/x"
                                + "?client_secret=abc").build()).getMessage());
        assertEquals("connectTimeout must be positive", assertThrows(IllegalArgumentException.class,
                () -> SellyticsAuth.builder().connectTimeout(Duration.ZERO)).getMessage());
        assertEquals("clock must not be null", assertThrows(IllegalArgumentException.class,
                () -> SellyticsAuth.builder().clock(null)).getMessage());
        assertEquals("clientAuthentication must not be null", assertThrows(IllegalArgumentException.class,
                () -> SellyticsAuth.builder().clientAuthentication(null)).getMessage());
    }

    @Test
    void sharedClientKeepsItsPoolButNotItsInterceptors() throws Exception {
        Interceptor evil = chain -> chain.proceed(chain.request().newBuilder().header("Authorization", "Bearer leaked").build());
        OkHttpClient shared = new OkHttpClient.Builder().addInterceptor(evil).addNetworkInterceptor(evil).build();
        SellyticsAuth a = SellyticsAuth.builder().tokenUrl(server.url(PATH).toString()).okHttpClient(shared).build();
        server.enqueue(json(200, OK));
        a.requestToken(grant());
        assertNull(server.takeRequest().getHeader("Authorization"));
    }

    @Test
    void timeoutIsATransportException() {
        SellyticsAuth a = SellyticsAuth.builder().tokenUrl(server.url(PATH).toString())
                .readTimeout(Duration.ofMillis(200)).build();
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        TransportException e = assertThrows(TransportException.class, () -> a.requestToken(grant()));
        assertTrue(e.isTimeout());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().startsWith("Timed out waiting for sellytics"), e.getMessage());
    }

    @Test
    void connectionResetIsATransportException() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        TransportException e = assertThrows(TransportException.class, () -> auth.requestToken(grant()));
        assertFalse(e.isTimeout());
    }

    @Test
    void clockIsExposed() {
        assertEquals(fixedClock(), auth.clock());
        assertTrue(auth.toString().contains("realm=sellytics"));
    }
}
