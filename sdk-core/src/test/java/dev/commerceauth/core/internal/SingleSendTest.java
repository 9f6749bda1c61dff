package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.fixedClock;
import static dev.commerceauth.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.testing.RsaJwts;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 5: no token, revoke or JWKS request is ever sent twice by the HTTP layer. OkHttp
 * 3.14.9 replays a request answered 503 with {@code Retry-After: 0} whatever
 * {@code retryOnConnectionFailure} says, and an authenticator's answer to a 407 is sent again; the
 * SDK lets one network attempt per call through and maps the answer that came back.
 */
class SingleSendTest {

    private static final String TOKEN_ANSWER = "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"expires_in\":7200}";
    private static final String REFRESH_TOKEN = "rt-single-use-0123456789";
    private static final String CODE = "code-single-use-0123456789";

    private MockWebServer server;
    private CommerceLayerAuth auth;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        auth = CommerceLayerAuth.builder().baseUrl(server.url("/").toString()).clock(fixedClock())
                .revocationCredentials("client-1", Secret.of("client-secret-1")).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private static MockResponse unavailableRetryNow() {
        return json(503, "{\"errors\":[{\"code\":\"SERVICE_UNAVAILABLE\",\"title\":\"try again\",\"status\":503}]}")
                .setHeader("Retry-After", "0");
    }

    /** What a replay would get: a good answer, so that a replay shows as a success. */
    private void enqueueReplayBait() {
        server.enqueue(json(200, TOKEN_ANSWER));
    }

    private static Grant refreshGrant() {
        return RefreshTokenGrant.builder().clientId("client-1").refreshToken(REFRESH_TOKEN).build();
    }

    private static Grant codeGrant() {
        return AuthorizationCodeGrant.builder().clientId("client-1").clientSecret("client-secret-1")
                .code(CODE).redirectUri("https://app.example.com/callback").build();
    }

    private void assertSentOnce(String marker) throws Exception {
        assertEquals(1, server.getRequestCount(), "the request was sent more than once");
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertTrue(r.getBody().readUtf8().contains(marker));
    }

    @Test
    void refreshTokenAnswered503RetryAfterZeroIsSentOnceAndMappedRetryable() throws Exception {
        server.enqueue(unavailableRetryNow());
        enqueueReplayBait();
        TokenException e = assertThrows(TokenException.class, () -> auth.requestToken(refreshGrant()));
        assertSentOnce(REFRESH_TOKEN);
        assertTrue(e.isRetryable(), e.toString());
        assertTrue(e.getMessage().contains("503"), e.getMessage());
    }

    @Test
    void authorizationCodeAnswered503RetryAfterZeroIsSentOnce() throws Exception {
        server.enqueue(unavailableRetryNow());
        enqueueReplayBait();
        TokenException e = assertThrows(TokenException.class, () -> auth.requestToken(codeGrant()));
        assertSentOnce(CODE);
        assertTrue(e.isRetryable(), e.toString());
    }

    @Test
    void revokeAnswered503RetryAfterZeroIsSentOnce() throws Exception {
        server.enqueue(unavailableRetryNow());
        server.enqueue(json(200, "{}"));
        TokenException e = assertThrows(TokenException.class, () -> auth.revoke("token-to-revoke-0123456789"));
        assertSentOnce("token-to-revoke-0123456789");
        assertTrue(e.isRetryable(), e.toString());
    }

    @Test
    void jwksAnswered503RetryAfterZeroIsFetchedOnceAndMappedAsThe503() throws Exception {
        KeyPair keys = RsaJwts.keyPair();
        String issuer = server.url("/").toString().replaceAll("/$", "");
        String token = RsaJwts.sign("{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"key-1\"}",
                "{\"organization\":{\"id\":\"o1\",\"slug\":\"the-blue-brand\"},\"iss\":\"" + issuer
                        + "\",\"exp\":" + (NOW.getEpochSecond() + 3600) + ",\"iat\":" + NOW.getEpochSecond() + "}", keys);
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0").setBody("busy"));
        server.enqueue(json(200, RsaJwts.jwks(keys, "key-1")));
        InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> auth.verify(token));
        assertEquals(1, server.getRequestCount(), "the JWKS was fetched more than once");
        assertEquals(503, e.httpStatus());
        assertTrue(e.isRetryable());
    }

    /** A caller's client that asks OkHttp to retry (its default): the SDK's copy still sends once. */
    private CommerceLayerAuth retryingCallersAuth() {
        return CommerceLayerAuth.builder().baseUrl(server.url("/").toString()).clock(fixedClock())
                .okHttpClient(new OkHttpClient.Builder().retryOnConnectionFailure(true).build()).build();
    }

    @Test
    void requestTimeout408IsSentOnce() throws Exception {
        server.enqueue(json(408, "{\"errors\":[{\"code\":\"REQUEST_TIMEOUT\",\"title\":\"timeout\",\"status\":408}]}"));
        enqueueReplayBait();
        assertThrows(TokenException.class, () -> retryingCallersAuth().requestToken(refreshGrant()));
        assertSentOnce(REFRESH_TOKEN);
    }

    @Test
    void connectionDroppedAfterTheRequestIsNotResent() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        enqueueReplayBait();
        TransportException e = assertThrows(TransportException.class,
                () -> retryingCallersAuth().requestToken(refreshGrant()));
        assertSentOnce(REFRESH_TOKEN);
        assertFalse(e.getMessage().contains(REFRESH_TOKEN));
    }

    /**
     * A caller's proxy authenticator that answers a 407 with a fresh copy of the request (so OkHttp's
     * one-shot rule does not stop it): the SDK refuses the second attempt and maps the 407.
     */
    @Test
    void proxyAuthenticatorAnswerIsNotSentAgain() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(407).setHeader("Proxy-Authenticate", "Basic realm=\"proxy\""));
        enqueueReplayBait();
        OkHttpClient callers = new OkHttpClient.Builder()
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(server.getHostName(), server.getPort())))
                .proxyAuthenticator((route, response) -> response.request().newBuilder()
                        .header("Proxy-Authorization", Credentials.basic("proxy-user", "proxy-pass"))
                        .post(RequestBody.create(MediaType.get("application/json"), "{\"grant_type\":\"refresh_token\","
                                + "\"client_id\":\"client-1\",\"refresh_token\":\"" + REFRESH_TOKEN + "\"}"))
                        .build())
                .build();
        CommerceLayerAuth viaProxy = CommerceLayerAuth.builder().baseUrl("http://auth.example.test")
                .allowInsecureHttp(true).okHttpClient(callers).clock(fixedClock()).build();
        TokenException e = assertThrows(TokenException.class, () -> viaProxy.requestToken(refreshGrant()));
        assertSentOnce(REFRESH_TOKEN);
        assertTrue(e.getMessage().contains("407"), e.getMessage());
    }
}
