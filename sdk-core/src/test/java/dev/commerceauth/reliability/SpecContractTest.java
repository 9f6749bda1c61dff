package dev.commerceauth.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.EmulatorUser;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.sellytics.ClientAuthentication;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>Contract: the specs in {@code openapi/} are the truth</h2>
 *
 * Every case drives a real SDK client through a {@link ValidatingProxy} to the embedded emulator;
 * the proxy validates each request the SDK sends and each response the emulator returns against
 * the dialect's spec (Atlassian swagger-request-validator), and the case fails with the validator's
 * report on any violation. Each case also asserts what the SDK made of the answer.
 *
 * <p>Cases (provider × grant, revoke, error): see {@link #cases()}; one line each says what is sent
 * and what must come out. The negative tests at the bottom prove that the validator does reject
 * what the specs do not allow, so the contract check cannot pass vacuously.
 */
class SpecContractTest {

    static final String THROTTLED_USER = "throttled-admin";

    static ManualClock clock;
    static TokenServerEmulator emulator;
    static ValidatingProxy proxy;
    static TokenServerEmulator limitedEmulator;
    static ValidatingProxy limitedProxy;

    @BeforeAll
    static void start() throws Exception {
        clock = ManualClock.startingNow();
        emulator = TokenServerEmulator.builder().clock(clock)
                .user(EmulatorUser.shopwareAdmin(THROTTLED_USER, "throttled-password-1"))
                .shopwareLoginThrottle(3, Duration.ofSeconds(10), Duration.ofSeconds(10))
                .start();
        proxy = new ValidatingProxy(emulator.baseUrl());
        limitedEmulator = TokenServerEmulator.builder().clock(clock).commerceLayerRateLimit(1).start();
        limitedProxy = new ValidatingProxy(limitedEmulator.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        limitedProxy.close();
        emulator.close();
        limitedEmulator.close();
    }

    @BeforeEach
    void clear() {
        proxy.clear();
        limitedProxy.clear();
        clock.advance(Duration.ofMinutes(1)); // leaves every throttle / rate-limit window of earlier cases
    }

    /** One case: runs against the fixture and asserts the SDK's outcome. */
    @FunctionalInterface
    interface Case {
        void run(Fx fx) throws Exception;
    }

    /** The clients of one case, all pointed at the proxy. */
    static final class Fx {
        final ValidatingProxy via;
        final TokenServerEmulator emu;

        Fx(ValidatingProxy via, TokenServerEmulator emu) {
            this.via = via;
            this.emu = emu;
        }

        SellyticsAuth sellytics(ClientAuthentication auth) {
            return SellyticsAuth.builder().tokenUrl(via.via(emu.sellyticsTokenUrl())).clientAuthentication(auth)
                    .clock(clock).build();
        }

        ShopwareAuth shopware() {
            return ShopwareAuth.builder().shopUrl(via.via(emu.shopwareUrl())).clock(clock).build();
        }

        CommerceLayerAuth commerceLayer() {
            return CommerceLayerAuth.builder().baseUrl(via.via(emu.commerceLayerBaseUrl())).clock(clock).build();
        }
    }

    static ClientCredentialsGrant sellyticsGrant(String secret) {
        return ClientCredentialsGrant.builder().clientId(DemoCredentials.SELLYTICS_CLIENT_ID).clientSecret(secret)
                .scope(SellyticsAuth.DATA_API_SCOPE).build();
    }

    static ClientCredentialsGrant shopwareIntegration(String id, String secret) {
        return ClientCredentialsGrant.builder().clientId(id).clientSecret(secret).build();
    }

    static PasswordGrant shopwareAdmin(String user, String password) {
        return ShopwareAuth.passwordGrant(user, password);
    }

    static ClientCredentialsGrant clSalesChannel(Scope scope) {
        return ClientCredentialsGrant.builder().clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID)
                .scope(scope).build();
    }

    static ClientCredentialsGrant clIntegration(String secret) {
        return ClientCredentialsGrant.builder().clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID)
                .clientSecret(secret).build();
    }

    static PasswordGrant clCustomer(String password) {
        return PasswordGrant.builder().clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID)
                .username(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL).password(password)
                .scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)).build();
    }

    static AuthorizationCodeGrant clCode(String code) {
        return AuthorizationCodeGrant.builder().clientId(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID)
                .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET).code(code)
                .redirectUri(DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI).build();
    }

    static String assertionFor(String subject) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"RS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(("{\"sub\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    static JwtBearerGrant clJwtBearer(String subject) {
        return JwtBearerGrant.builder().clientId(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID)
                .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET).assertion(assertionFor(subject))
                .build();
    }

    static <T extends Throwable> T fails(Class<T> type, org.junit.jupiter.api.function.Executable call) {
        return assertThrows(type, call);
    }

    static void oauth(OAuthErrorException e, int status, String error) {
        assertEquals(status, e.httpStatus(), e::getMessage);
        assertEquals(error, e.error(), e::getMessage);
    }

    static Named<Case> c(String name, Case body) {
        return Named.of(name, body);
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                // ---- sellytics (Keycloak, form) ----
                c("sellytics client_credentials, form auth → 200 Bearer token", fx -> {
                    AccessToken t = fx.sellytics(ClientAuthentication.FORM_FIELDS).requestToken(sellyticsGrant(DemoCredentials.SELLYTICS_CLIENT_SECRET));
                    assertTrue(t.scope().contains(SellyticsAuth.DATA_API_SCOPE));
                }),
                c("sellytics client_credentials, HTTP Basic auth → 200 Bearer token", fx ->
                        fx.sellytics(ClientAuthentication.BASIC).requestToken(sellyticsGrant(DemoCredentials.SELLYTICS_CLIENT_SECRET))),
                c("sellytics revoke an issued token → 200, empty body", fx -> {
                    SellyticsAuth auth = fx.sellytics(ClientAuthentication.FORM_FIELDS);
                    ClientCredentialsGrant g = sellyticsGrant(DemoCredentials.SELLYTICS_CLIENT_SECRET);
                    auth.revoke(auth.requestToken(g).value(), g);
                }),
                c("sellytics revoke a token Keycloak cannot parse → 200 {\"error\":\"invalid_token\"} → OAuthErrorException(200 invalid_token)", fx -> {
                    OAuthErrorException e = fails(OAuthErrorException.class, () -> fx.sellytics(ClientAuthentication.FORM_FIELDS)
                            .revoke("not-a-token", sellyticsGrant(DemoCredentials.SELLYTICS_CLIENT_SECRET)));
                    oauth(e, 200, "invalid_token");
                }),
                c("sellytics wrong secret → 401 unauthorized_client", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.sellytics(ClientAuthentication.FORM_FIELDS).requestToken(sellyticsGrant("wrong-secret"))), 401, "unauthorized_client")),
                c("sellytics unknown client → 401 invalid_client", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.sellytics(ClientAuthentication.FORM_FIELDS).requestToken(ClientCredentialsGrant.builder().clientId("nobody")
                                .clientSecret("x").scope(SellyticsAuth.DATA_API_SCOPE).build())), 401, "invalid_client")),
                c("sellytics unknown scope → 400 invalid_scope", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.sellytics(ClientAuthentication.FORM_FIELDS).requestToken(ClientCredentialsGrant.builder()
                                .clientId(DemoCredentials.SELLYTICS_CLIENT_ID).clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET)
                                .scope(Scope.of("no-such-scope")).build())), 400, "invalid_scope")),
                // ---- Shopware (JSON) ----
                c("Shopware integration client_credentials → 200, no refresh token", fx -> assertFalse(fx.shopware()
                        .requestToken(shopwareIntegration(DemoCredentials.SHOPWARE_ACCESS_KEY_ID, DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY))
                        .refreshToken().isPresent())),
                c("Shopware admin password → 200 with refresh token", fx -> assertTrue(fx.shopware()
                        .requestToken(shopwareAdmin(DemoCredentials.SHOPWARE_ADMIN_USERNAME, DemoCredentials.SHOPWARE_ADMIN_PASSWORD))
                        .refreshToken().isPresent())),
                c("Shopware refresh_token → 200 with a rotated refresh token", fx -> {
                    PasswordGrant pw = shopwareAdmin(DemoCredentials.SHOPWARE_ADMIN_USERNAME, DemoCredentials.SHOPWARE_ADMIN_PASSWORD);
                    String rt = fx.shopware().requestToken(pw).refreshToken().orElseThrow();
                    String rotated = fx.shopware().requestToken(RefreshTokenGrant.forToken(pw, rt)).refreshToken().orElseThrow();
                    assertFalse(rt.equals(rotated), "refresh token rotated");
                }),
                c("Shopware reused (revoked) refresh token → 401 code 8 invalid_grant", fx -> {
                    PasswordGrant pw = shopwareAdmin(DemoCredentials.SHOPWARE_ADMIN_USERNAME, DemoCredentials.SHOPWARE_ADMIN_PASSWORD);
                    String rt = fx.shopware().requestToken(pw).refreshToken().orElseThrow();
                    fx.shopware().requestToken(RefreshTokenGrant.forToken(pw, rt));
                    OAuthErrorException e = fails(OAuthErrorException.class, () -> fx.shopware().requestToken(RefreshTokenGrant.forToken(pw, rt)));
                    oauth(e, 401, "invalid_grant");
                    assertEquals("8", e.providerCode().orElse(null));
                }),
                c("Shopware wrong admin password → 400 code 6 invalid_grant", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.shopware().requestToken(shopwareAdmin(DemoCredentials.SHOPWARE_ADMIN_USERNAME, "wrong-password"))), 400, "invalid_grant")),
                c("Shopware wrong integration secret → 401 code 4 invalid_client", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.shopware().requestToken(shopwareIntegration(DemoCredentials.SHOPWARE_ACCESS_KEY_ID, "wrong-secret"))), 401, "invalid_client")),
                c("Shopware access key without SWIA/SWUA prefix → 500 FRAMEWORK__API_INVALID_ACCESS_KEY, permanent", fx -> {
                    OAuthErrorException e = fails(OAuthErrorException.class, () ->
                            fx.shopware().requestToken(shopwareIntegration("not-an-access-key", "x")));
                    oauth(e, 500, "invalid_client");
                    assertFalse(e.isRetryable());
                }),
                c("Shopware unknown password scope → 400 code 5 invalid_scope", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.shopware().requestToken(PasswordGrant.builder().clientId(ShopwareAuth.ADMINISTRATION_CLIENT_ID)
                                .username(DemoCredentials.SHOPWARE_ADMIN_USERNAME).password(DemoCredentials.SHOPWARE_ADMIN_PASSWORD)
                                .scope(Scope.of("no-such-scope")).build())), 400, "invalid_scope")),
                c("Shopware login throttle (3 failures) → 429 FRAMEWORK__AUTH_THROTTLED, wait from meta.parameters.seconds", fx -> {
                    for (int i = 0; i < 3; i++) {
                        fails(OAuthErrorException.class, () -> fx.shopware().requestToken(shopwareAdmin(THROTTLED_USER, "wrong")));
                    }
                    RateLimitedException e = fails(RateLimitedException.class, () ->
                            fx.shopware().requestToken(shopwareAdmin(THROTTLED_USER, "throttled-password-1")));
                    assertEquals(429, e.httpStatus());
                    assertTrue(e.retryAfter().isPresent(), "wait parsed from the body");
                }),
                // ---- Commerce Layer (JSON, five grants) ----
                c("Commerce Layer sales channel client_credentials, market scope, no secret → 200", fx ->
                        fx.commerceLayer().requestToken(clSalesChannel(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)))),
                c("Commerce Layer integration client_credentials → 200", fx ->
                        fx.commerceLayer().requestToken(clIntegration(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET))),
                c("Commerce Layer customer password → 200 with refresh token and owner", fx -> assertTrue(fx.commerceLayer()
                        .requestToken(clCustomer(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD)).refreshToken().isPresent())),
                c("Commerce Layer refresh_token → 200", fx -> {
                    PasswordGrant pw = clCustomer(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD);
                    String rt = fx.commerceLayer().requestToken(pw).refreshToken().orElseThrow();
                    fx.commerceLayer().requestToken(RefreshTokenGrant.forToken(pw, rt));
                }),
                c("Commerce Layer webapp authorization_code → 200", fx -> fx.commerceLayer().requestToken(clCode(
                        fx.emu.issueAuthorizationCode(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID, DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL)))),
                c("Commerce Layer JWT bearer → 200", fx -> fx.commerceLayer().requestToken(clJwtBearer(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL))),
                c("Commerce Layer revoke an issued token → 200 {}", fx -> {
                    ClientCredentialsGrant g = clIntegration(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET);
                    CommerceLayerAuth auth = fx.commerceLayer();
                    auth.revoke(auth.requestToken(g).value(), g);
                }),
                c("Commerce Layer revoke with a wrong secret → 401 invalid_client", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.commerceLayer().revoke("some-token", clIntegration("wrong-secret"))), 401, "invalid_client")),
                c("Commerce Layer wrong integration secret → 401 invalid_client", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.commerceLayer().requestToken(clIntegration("wrong-secret"))), 401, "invalid_client")),
                c("Commerce Layer wrong customer password → 401 invalid_grant", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.commerceLayer().requestToken(clCustomer("wrong-password"))), 401, "invalid_grant")),
                c("Commerce Layer unknown market in scope → 400 invalid_scope", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.commerceLayer().requestToken(clSalesChannel(Scope.market("NoSuchMkt1")))), 400, "invalid_scope")),
                c("Commerce Layer authorization code used twice → 401 invalid_grant", fx -> {
                    AuthorizationCodeGrant g = clCode(fx.emu.issueAuthorizationCode(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID,
                            DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL));
                    fx.commerceLayer().requestToken(g);
                    oauth(fails(OAuthErrorException.class, () -> fx.commerceLayer().requestToken(g)), 401, "invalid_grant");
                }),
                c("Commerce Layer JWT bearer naming an unknown customer → 401 invalid_grant", fx -> oauth(fails(OAuthErrorException.class, () ->
                        fx.commerceLayer().requestToken(clJwtBearer("nobody@example.com"))), 401, "invalid_grant")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyExchangeMatchesTheSpec(Case scenario) throws Exception {
        scenario.run(new Fx(proxy, emulator));
        assertFalse(proxy.exchanges().isEmpty(), "the SDK's requests went through the validating proxy");
        proxy.assertNoViolations();
    }

    @Test
    void commerceLayerRateLimitAnswerMatchesTheSpec() {
        // 429 with X-Ratelimit-* and Retry-After: the second request within the minute at a limit of 1
        Fx fx = new Fx(limitedProxy, limitedEmulator);
        ClientCredentialsGrant g = clIntegration(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET);
        fx.commerceLayer().requestToken(g);
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> fx.commerceLayer().requestToken(g));
        assertEquals(429, e.httpStatus());
        assertTrue(e.retryAfter().isPresent(), "Retry-After parsed");
        assertEquals(2, limitedProxy.exchanges().size());
        limitedProxy.assertNoViolations();
    }

    // ---- the validator is not a rubber stamp ----

    @Test
    void aJsonBodyToTheKeycloakFormEndpointIsAViolation() throws Exception {
        OkHttpClient raw = new OkHttpClient();
        try (Response r = raw.newCall(new okhttp3.Request.Builder()
                .url(proxy.via(emulator.sellyticsTokenUrl()))
                .post(RequestBody.create(MediaType.get("application/json"),
                        "{\"grant_type\":\"client_credentials\",\"client_id\":\"c\",\"client_secret\":\"s\"}"))
                .build()).execute()) {
            assertEquals(400, r.code(), "Keycloak rejects a JSON body");
        }
        assertEquals(1, proxy.violations().size(), () -> "violations: " + proxy.violations());
        assertTrue(proxy.violations().get(0).contains("Content-Type"), proxy.violations().get(0));
    }

    @Test
    void anUnknownGrantTypeIsAViolation() throws Exception {
        OkHttpClient raw = new OkHttpClient();
        try (Response r = raw.newCall(new okhttp3.Request.Builder()
                .url(proxy.via(emulator.shopwareTokenUrl()))
                .post(RequestBody.create(MediaType.get("application/json"),
                        "{\"grant_type\":\"magic\",\"client_id\":\"administration\"}"))
                .build()).execute()) {
            assertEquals(400, r.code());
        }
        assertEquals(1, proxy.violations().size(), () -> "violations: " + proxy.violations());
        assertTrue(proxy.violations().get(0).contains("grant_type"), proxy.violations().get(0));
    }

    @Test
    void aPathOutsideTheSpecsIsAViolation() throws Exception {
        OkHttpClient raw = new OkHttpClient();
        try (Response r = raw.newCall(new okhttp3.Request.Builder().url(proxy.via(emulator.protectedResourceUrl())).build())
                .execute()) {
            assertEquals(401, r.code());
        }
        assertEquals(1, proxy.violations().size());
    }

    @Test
    void aResponseTheSpecDoesNotAllowIsAViolation() {
        // Shopware's 200 requires expires_in; a string status in Commerce Layer errors is not a number
        ValidationReport shopware = Specs.validator("/shopware").validate(
                SimpleRequest.Builder.post("/shopware/api/oauth/token").withContentType("application/json")
                        .withBody("{\"grant_type\":\"client_credentials\",\"client_id\":\"SWIAX\",\"client_secret\":\"s\"}").build(),
                SimpleResponse.Builder.ok().withContentType("application/json")
                        .withBody("{\"token_type\":\"Bearer\",\"access_token\":\"a\"}").build());
        assertTrue(shopware.hasErrors(), Specs.format(shopware));
        ValidationReport cl = Specs.validator("/commercelayer").validateResponse("/commercelayer/oauth/token",
                Request.Method.POST, SimpleResponse.Builder.unauthorized().withContentType("application/json")
                        .withBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"status\":\"401\"}]}").build());
        assertTrue(cl.hasErrors(), Specs.format(cl));
    }
}
