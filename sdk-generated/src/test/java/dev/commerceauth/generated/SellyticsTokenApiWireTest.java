package dev.commerceauth.generated;

import dev.commerceauth.generated.sellytics.KeycloakError;
import dev.commerceauth.generated.sellytics.KeycloakTokenResponse;
import dev.commerceauth.generated.sellytics.TokenApi;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;
import retrofit2.Retrofit;

import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.commerceauth.generated.WireTestSupport.formBody;
import static dev.commerceauth.generated.WireTestSupport.json;
import static dev.commerceauth.generated.WireTestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The generated Keycloak API sends the form the sellytics seed prescribes, over real HTTP. */
class SellyticsTokenApiWireTest {
    private MockWebServer server;
    private Retrofit retrofit;
    private TokenApi api;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        retrofit = WireTestSupport.retrofit(server);
        api = retrofit.create(TokenApi.class);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void clientCredentialsIsAFormPostToTheRealmTokenPath() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.e30.c2ln\",\"expires_in\":86400,"
                + "\"refresh_expires_in\":0,\"token_type\":\"Bearer\",\"not-before-policy\":0,"
                + "\"session_state\":\"7df5b4cb-00bf-4a6e-90f4-1c8a1863c135\","
                + "\"scope\":\"sellytics-data-api profile email\"}")
                .setHeader("Cache-Control", "no-store").setHeader("Pragma", "no-cache"));

        Response<KeycloakTokenResponse> response = api.requestToken("sellytics", "client_credentials",
                "my-client-id", "my secret&=", "sellytics-data-api").execute();

        RecordedRequest request = take(server);
        assertEquals("POST", request.getMethod());
        assertEquals("/realms/sellytics/protocol/openid-connect/token", request.getPath());
        assertEquals("application/x-www-form-urlencoded", request.getHeader("Content-Type"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("grant_type", "client_credentials");
        expected.put("client_id", "my-client-id");
        expected.put("client_secret", "my secret&=");
        expected.put("scope", "sellytics-data-api");
        assertEquals(expected, formBody(request));

        KeycloakTokenResponse token = response.body();
        assertEquals("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", token.getAccessToken());
        assertEquals(86400L, token.getExpiresIn());
        assertEquals(0L, token.getRefreshExpiresIn());
        assertEquals("Bearer", token.getTokenType());
        assertEquals(0L, token.getNotBeforePolicy());
        assertEquals("7df5b4cb-00bf-4a6e-90f4-1c8a1863c135", token.getSessionState());
        assertEquals("sellytics-data-api profile email", token.getScope());
        assertNull(token.getRefreshToken());
    }

    @Test
    void nullFieldsAreLeftOutOfTheForm() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"a\",\"token_type\":\"bearer\"}"));

        api.requestToken("sellytics", "client_credentials", null, null, "sellytics-data-api").execute();

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("grant_type", "client_credentials");
        expected.put("scope", "sellytics-data-api");
        assertEquals(expected, formBody(take(server)));
    }

    @Test
    void revokeIsAFormPostToTheRealmRevokePath() throws Exception {
        // Keycloak answers a token it cannot parse with 200 and an error object; an accepted token
        // gets an empty 200, which sdk-core's converter turns into "no body".
        server.enqueue(json(200, "{\"error\":\"invalid_token\"}"));

        Response<KeycloakError> response = api.revokeToken("sellytics", "the-token", "my-client-id", "s3cret", null).execute();

        RecordedRequest request = take(server);
        assertEquals("POST", request.getMethod());
        assertEquals("/realms/sellytics/protocol/openid-connect/revoke", request.getPath());
        assertEquals("application/x-www-form-urlencoded", request.getHeader("Content-Type"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("token", "the-token");
        expected.put("client_id", "my-client-id");
        expected.put("client_secret", "s3cret");
        assertEquals(expected, formBody(request));
        assertEquals(200, response.code());
        assertEquals("invalid_token", response.body().getError());
    }

    @Test
    void errorBodyParsesIntoTheGeneratedErrorModel() throws Exception {
        server.enqueue(json(401, "{\"error\":\"unauthorized_client\","
                + "\"error_description\":\"Invalid client or Invalid client credentials\"}"));

        Response<KeycloakTokenResponse> response = api.requestToken("sellytics", "client_credentials",
                "my-client-id", "wrong", "sellytics-data-api").execute();

        assertFalse(response.isSuccessful());
        KeycloakError error = retrofit.<KeycloakError>responseBodyConverter(KeycloakError.class, new Annotation[0])
                .convert(response.errorBody());
        assertEquals("unauthorized_client", error.getError());
        assertEquals("Invalid client or Invalid client credentials", error.getErrorDescription());
    }
}
