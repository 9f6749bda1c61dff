package dev.commerceauth.generated;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.commerceauth.generated.shopware.ShopwareError;
import dev.commerceauth.generated.shopware.ShopwareErrorResponse;
import dev.commerceauth.generated.shopware.ShopwareTokenRequest;
import dev.commerceauth.generated.shopware.ShopwareTokenRequest.GrantTypeEnum;
import dev.commerceauth.generated.shopware.ShopwareTokenResponse;
import dev.commerceauth.generated.shopware.TokenApi;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;
import retrofit2.Retrofit;

import java.lang.annotation.Annotation;

import static dev.commerceauth.generated.WireTestSupport.json;
import static dev.commerceauth.generated.WireTestSupport.jsonBody;
import static dev.commerceauth.generated.WireTestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The generated Shopware API sends the JSON bodies the Shopware seed prescribes, over real HTTP. */
class ShopwareTokenApiWireTest {
    private static final String TOKEN_RESPONSE = "{\"token_type\":\"Bearer\",\"expires_in\":600,"
            + "\"access_token\":\"eyJ0eXAiOiJKV1QifQ.e30.c2ln\",\"refresh_token\":\"def50200abc\"}";

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
    void clientCredentialsSendsExactlyTheIntegrationKeys() throws Exception {
        server.enqueue(json(200, "{\"token_type\":\"Bearer\",\"expires_in\":600,\"access_token\":\"xxxx\"}"));

        Response<ShopwareTokenResponse> response = api.requestToken(new ShopwareTokenRequest()
                .grantType(GrantTypeEnum.CLIENT_CREDENTIALS)
                .clientId("SWIAQ0NLTUdKTDJXWFJJNGVJOFE4RG")
                .clientSecret("integration-secret")).execute();

        assertJsonPost(take(server), "{\"grant_type\":\"client_credentials\","
                + "\"client_id\":\"SWIAQ0NLTUdKTDJXWFJJNGVJOFE4RG\",\"client_secret\":\"integration-secret\"}");
        assertEquals("xxxx", response.body().getAccessToken());
        assertEquals(600L, response.body().getExpiresIn());
        assertNull(response.body().getRefreshToken());
    }

    @Test
    void passwordSendsAdministrationClientAndScopes() throws Exception {
        server.enqueue(json(200, TOKEN_RESPONSE));

        Response<ShopwareTokenResponse> response = api.requestToken(new ShopwareTokenRequest()
                .clientId("administration")
                .grantType(GrantTypeEnum.PASSWORD)
                .scopes("write")
                .username("admin")
                .password("user-password")).execute();

        assertJsonPost(take(server), "{\"client_id\":\"administration\",\"grant_type\":\"password\","
                + "\"scopes\":\"write\",\"username\":\"admin\",\"password\":\"user-password\"}");
        assertEquals("def50200abc", response.body().getRefreshToken());
        assertEquals("Bearer", response.body().getTokenType());
    }

    @Test
    void refreshTokenSendsOnlyTheRefreshKeys() throws Exception {
        server.enqueue(json(200, TOKEN_RESPONSE));

        api.requestToken(new ShopwareTokenRequest()
                .grantType(GrantTypeEnum.REFRESH_TOKEN)
                .clientId("administration")
                .refreshToken("def50200old")).execute();

        assertJsonPost(take(server), "{\"grant_type\":\"refresh_token\",\"client_id\":\"administration\","
                + "\"refresh_token\":\"def50200old\"}");
    }

    @Test
    void throttleBodyParsesWithItsWait() throws Exception {
        server.enqueue(json(429, "{\"errors\":[{\"status\":\"429\",\"code\":\"FRAMEWORK__AUTH_THROTTLED\","
                + "\"title\":\"Too Many Requests\",\"detail\":\"Auth throttled for 10 seconds.\","
                + "\"meta\":{\"parameters\":{\"seconds\":10}}}]}"));

        Response<ShopwareTokenResponse> response = api.requestToken(new ShopwareTokenRequest()
                .grantType(GrantTypeEnum.PASSWORD).clientId("administration")
                .username("admin").password("wrong").scopes("write")).execute();

        ShopwareErrorResponse body = retrofit.<ShopwareErrorResponse>responseBodyConverter(
                ShopwareErrorResponse.class, new Annotation[0]).convert(response.errorBody());
        ShopwareError error = body.getErrors().get(0);
        assertEquals(429, response.code());
        assertEquals("FRAMEWORK__AUTH_THROTTLED", error.getCode());
        assertEquals("429", error.getStatus());
        assertEquals(10L, error.getMeta().getParameters().getSeconds());
    }

    private static void assertJsonPost(RecordedRequest request, String expectedJson) {
        assertEquals("POST", request.getMethod());
        assertEquals("/api/oauth/token", request.getPath());
        assertEquals("application/json", request.getHeader("Content-Type"));
        JsonObject expected = JsonParser.parseString(expectedJson).getAsJsonObject();
        assertEquals(expected, jsonBody(request));
    }
}
