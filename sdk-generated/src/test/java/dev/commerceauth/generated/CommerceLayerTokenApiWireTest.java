package dev.commerceauth.generated;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.commerceauth.generated.commercelayer.CommerceLayerErrorResponse;
import dev.commerceauth.generated.commercelayer.CommerceLayerRevokeRequest;
import dev.commerceauth.generated.commercelayer.CommerceLayerSingleErrorResponse;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenRequest;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenRequest.GrantTypeEnum;
import dev.commerceauth.generated.commercelayer.CommerceLayerTokenResponse;
import dev.commerceauth.generated.commercelayer.TokenApi;
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

/**
 * The generated Commerce Layer API sends, for each of the five grants, the JSON body the seed
 * prescribes: the flat request schema serializes only the fields a grant sets.
 */
class CommerceLayerTokenApiWireTest {
    private static final String ACCEPT = "application/json";

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
    void salesChannelClientCredentialsSendsNoSecretAndAMarketScope() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"acC3sSt0K3Nwrt6kic7.abc4bnm5\",\"token_type\":\"bearer\","
                + "\"expires_in\":14400,\"scope\":\"market:id:xYZkjABcde\",\"created_at\":123456789}"));

        Response<CommerceLayerTokenResponse> response = api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.CLIENT_CREDENTIALS)
                .clientId("your-client-id")
                .scope("market:id:xYZkjABcde"), ACCEPT, null, null).execute();

        assertTokenPost(take(server), "{\"grant_type\":\"client_credentials\",\"client_id\":\"your-client-id\","
                + "\"scope\":\"market:id:xYZkjABcde\"}");
        CommerceLayerTokenResponse token = response.body();
        assertEquals("acC3sSt0K3Nwrt6kic7.abc4bnm5", token.getAccessToken());
        assertEquals("bearer", token.getTokenType());
        assertEquals(14400L, token.getExpiresIn());
        assertEquals("market:id:xYZkjABcde", token.getScope());
        assertEquals(123456789L, token.getCreatedAt());
    }

    @Test
    void integrationClientCredentialsSendsTheSecret() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":7200,"
                + "\"scope\":\"market:all\",\"created_at\":123456789}"));

        api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.CLIENT_CREDENTIALS)
                .clientId("your-client-id")
                .clientSecret("your-client-secret"), ACCEPT, null, null).execute();

        assertTokenPost(take(server), "{\"grant_type\":\"client_credentials\",\"client_id\":\"your-client-id\","
                + "\"client_secret\":\"your-client-secret\"}");
    }

    @Test
    void passwordSendsUsernameAndPasswordAndParsesTheOwner() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":7200,"
                + "\"scope\":\"market:id:xYZkjABcde\",\"created_at\":1710943230,\"refresh_token\":\"r1\","
                + "\"owner_id\":\"zxcVBnMASd\",\"owner_type\":\"customer\"}"));

        Response<CommerceLayerTokenResponse> response = api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.PASSWORD)
                .clientId("your-client-id")
                .username("john@example.com")
                .password("customer-password")
                .scope("market:id:xYZkjABcde"), ACCEPT, null, null).execute();

        assertTokenPost(take(server), "{\"grant_type\":\"password\",\"client_id\":\"your-client-id\","
                + "\"username\":\"john@example.com\",\"password\":\"customer-password\","
                + "\"scope\":\"market:id:xYZkjABcde\"}");
        assertEquals("r1", response.body().getRefreshToken());
        assertEquals("zxcVBnMASd", response.body().getOwnerId());
        assertEquals("customer", response.body().getOwnerType());
    }

    @Test
    void authorizationCodeSendsCodeRedirectUriAndSecret() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":7200}"));

        api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.AUTHORIZATION_CODE)
                .clientId("your-client-id")
                .clientSecret("your-client-secret")
                .code("your-auth-code")
                .redirectUri("https://yourdomain.com/redirect"), ACCEPT, null, null).execute();

        assertTokenPost(take(server), "{\"grant_type\":\"authorization_code\",\"client_id\":\"your-client-id\","
                + "\"client_secret\":\"your-client-secret\",\"code\":\"your-auth-code\","
                + "\"redirect_uri\":\"https://yourdomain.com/redirect\"}");
    }

    @Test
    void refreshTokenSendsTheTokenAndRepeatsTheScope() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":7200}"));

        api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.REFRESH_TOKEN)
                .clientId("your-client-id")
                .refreshToken("your-refresh-token")
                .scope("market:id:xYZkjABcde"), ACCEPT, null, null).execute();

        assertTokenPost(take(server), "{\"grant_type\":\"refresh_token\",\"client_id\":\"your-client-id\","
                + "\"refresh_token\":\"your-refresh-token\",\"scope\":\"market:id:xYZkjABcde\"}");
    }

    @Test
    void jwtBearerSendsTheUrnGrantTypeAndAssertion() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":7200}"));

        api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.URN_IETF_PARAMS_OAUTH_GRANT_TYPE_JWT_BEARER)
                .clientId("your-client-id")
                .clientSecret("your-client-secret")
                .assertion("eyJhbGciOiJIUzUxMiJ9.e30.c2ln"), ACCEPT, null, null).execute();

        assertTokenPost(take(server), "{\"grant_type\":\"urn:ietf:params:oauth:grant-type:jwt-bearer\","
                + "\"client_id\":\"your-client-id\",\"client_secret\":\"your-client-secret\","
                + "\"assertion\":\"eyJhbGciOiJIUzUxMiJ9.e30.c2ln\"}");
    }

    @Test
    void revokeSendsClientAndToken() throws Exception {
        server.enqueue(json(200, "{}"));

        Response<Object> response = api.revokeToken(new CommerceLayerRevokeRequest()
                .clientId("your-client-id")
                .clientSecret("your-client-secret")
                .token("your-access-token"), ACCEPT).execute();

        RecordedRequest request = take(server);
        assertEquals("POST", request.getMethod());
        assertEquals("/oauth/revoke", request.getPath());
        assertEquals(ACCEPT, request.getHeader("Accept"));
        assertEquals(JsonParser.parseString("{\"client_id\":\"your-client-id\","
                + "\"client_secret\":\"your-client-secret\",\"token\":\"your-access-token\"}"), jsonBody(request));
        assertEquals(200, response.code());
    }

    @Test
    void backendHeadersTravelAsTheTwoHeadersJsAuthSends() throws Exception {
        server.enqueue(json(200, "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":7200}"));

        api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.CLIENT_CREDENTIALS)
                .clientId("your-client-id")
                .clientSecret("your-client-secret"), ACCEPT, "your-backend-auth-key", "203.0.113.7").execute();

        RecordedRequest request = take(server);
        assertEquals("your-backend-auth-key", request.getHeader("x-backend-auth"));
        assertEquals("203.0.113.7", request.getHeader("x-true-client-ip"));
        assertEquals(JsonParser.parseString("{\"grant_type\":\"client_credentials\",\"client_id\":\"your-client-id\","
                + "\"client_secret\":\"your-client-secret\"}"), jsonBody(request), "the body is unchanged");
    }

    @Test
    void errorEnvelopeParsesWithANumericStatus() throws Exception {
        server.enqueue(json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_client\","
                + "\"status\":401,\"detail\":\"Client authentication failed.\",\"meta\":{}}]}"));

        Response<CommerceLayerTokenResponse> response = api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.CLIENT_CREDENTIALS).clientId("unknown"), ACCEPT, null, null).execute();

        CommerceLayerErrorResponse body = retrofit.<CommerceLayerErrorResponse>responseBodyConverter(
                CommerceLayerErrorResponse.class, new Annotation[0]).convert(response.errorBody());
        assertEquals("invalid_client", body.getErrors().get(0).getTitle());
        assertEquals(401, body.getErrors().get(0).getStatus());
        assertEquals("UNAUTHORIZED", body.getErrors().get(0).getCode());
    }

    @Test
    void errorEnvelopeWithASingleObjectParsesWithItsOwnSchema() throws Exception {
        server.enqueue(json(401, "{\"errors\":{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_grant\","
                + "\"status\":401}}"));

        Response<CommerceLayerTokenResponse> response = api.requestToken(new CommerceLayerTokenRequest()
                .grantType(GrantTypeEnum.CLIENT_CREDENTIALS).clientId("unknown"), ACCEPT, null, null).execute();

        CommerceLayerSingleErrorResponse body = retrofit.<CommerceLayerSingleErrorResponse>responseBodyConverter(
                CommerceLayerSingleErrorResponse.class, new Annotation[0]).convert(response.errorBody());
        assertEquals("invalid_grant", body.getErrors().getTitle());
        assertEquals(401, body.getErrors().getStatus());
    }

    private static void assertTokenPost(RecordedRequest request, String expectedJson) {
        assertEquals("POST", request.getMethod());
        assertEquals("/oauth/token", request.getPath());
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals(ACCEPT, request.getHeader("Accept"));
        assertEquals(null, request.getHeader("x-backend-auth"), "no backend header unless asked for");
        assertEquals(null, request.getHeader("x-true-client-ip"), "no backend header unless asked for");
        JsonObject expected = JsonParser.parseString(expectedJson).getAsJsonObject();
        assertEquals(expected, jsonBody(request));
    }
}
