package dev.commerceauth.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenProviderListener;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.core.okhttp.BearerAuth;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.EmulatorClient;
import dev.commerceauth.emulator.EmulatorUser;
import dev.commerceauth.emulator.RecordedTokenRequest;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.sellytics.ClientAuthentication;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * <h2>Secrets: nothing leaks, anywhere, at the most verbose logging</h2>
 *
 * Runs every sample path (each provider × each grant, revoke, a cached provider with the OkHttp
 * bearer interceptor calling the emulator's protected resource, including a revoked token that
 * forces the 401 → invalidate → retry path) and every error path (wrong secret, unknown client,
 * wrong password, bad scope, reused refresh token and authorization code, Shopware's throttle,
 * Commerce Layer's rate limit, injected 503 / malformed / dropped answers) with
 * {@code java.util.logging} at {@code ALL} for the root logger and {@code dev.commerceauth}.
 *
 * <p>Each path asserts its outcome: the token, or the exact exception type with its status and
 * OAuth2 error, and, from the emulator's request log, exactly which requests it sent (grant type,
 * client id, status), so a path cannot pass by failing early or by sending something else. The
 * 401 → invalidate → retry path asserts the resource's 200 after the revocation, the resource's
 * own request count (200, 401, 200) and the provider's events (fetched, invalidated, fetched).
 *
 * <p>It captures every log record (formatted, with parameters and thrown stack traces), everything
 * written to {@code System.out}/{@code System.err}, every exception's message and full stack trace
 * (causes included) with its response body, description and title, and the {@code toString()} of
 * every grant, token, client, provider and exception. Then a {@link SecretScanner} looks in all of
 * it for every secret, as is and URL-encoded, JSON-escaped and, for each client id and secret pair,
 * as an HTTP Basic credential: the demo client secrets and passwords, a client secret and a
 * password made of the characters those encodings change, the wrong secrets and passwords of the
 * error paths, the authorization code, the JWT-bearer assertion, and every access, refresh and ID
 * token the emulator issued (harvested from the responses by the {@link ValidatingProxy}, so tokens
 * the provider fetched internally are included). A hit fails, naming the capture, the secret's kind
 * and the form, never printing the secret. {@link SecretScannerTest} proves the scanner finds
 * each form.
 *
 * <p>Every token and revocation request goes through a {@link ValidatingProxy} (the injected
 * faults through one that recognises them: their requests are validated, their answers counted);
 * the protected resource, which no spec in {@code openapi/} describes, is called directly.
 */
class SecretsScanTest {

    /** A sellytics client whose secret holds every character URL and JSON encoding change. */
    static final String SCAN_CLIENT_ID = "scan-client";
    static final String SCAN_CLIENT_SECRET = "Scan/Secret+Key=&<x>'q\" 7f3a";
    /** A Shopware admin whose password holds them too (it travels in a JSON body). */
    static final String SCAN_ADMIN = "scan-admin";
    static final String SCAN_ADMIN_PASSWORD = "Scan/Passw0rd+=&<'\" 4e2b";
    static final String WRONG_SECRET = "Scan-Wrong/Secret+1c9e=&";
    static final String WRONG_PASSWORD = "Scan-Wrong/Passw0rd+2d8f=&<";
    static final String ASSERTION = jwtAssertion(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL);

    private final List<String[]> captured = new ArrayList<>(); // {where, text}
    private final Set<String> issued = new LinkedHashSet<>();
    private final List<String> codes = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private TokenServerEmulator emulator;
    private TokenServerEmulator limited;

    private void capture(String where, Object o) {
        captured.add(new String[] {where, String.valueOf(o)});
    }

    private void captureThrowable(String where, Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        capture(where + " (toString)", t);
        capture(where + " (stack trace)", w);
        if (t instanceof OAuthErrorException) {
            OAuthErrorException o = (OAuthErrorException) t;
            capture(where + " (responseBody)", o.responseBody());
            capture(where + " (errorDescription)", o.errorDescription().orElse(""));
            capture(where + " (title)", o.title().orElse(""));
            capture(where + " (error)", o.error());
            capture(where + " (providerCode)", o.providerCode().orElse(""));
        }
    }

    /** The requests {@code emu} logged since {@code mark}, as "grant_type client_id -> status" ("revoke …" for revocations). */
    private static List<String> sentSince(TokenServerEmulator emu, int mark) {
        List<RecordedTokenRequest> all = emu.requests();
        return all.subList(mark, all.size()).stream()
                .map(r -> (r.isTokenRequest() ? r.grantType() : "revoke") + " " + r.clientId() + " -> " + r.responseStatus())
                .collect(Collectors.toList());
    }

    private static String sent(String grantType, String clientId, int status) {
        return grantType + " " + clientId + " -> " + status;
    }

    /** A path that must return normally: captures and checks the result and exactly the requests it sent. */
    private <T> T succeeds(String name, Callable<T> body, String... sent) throws Exception {
        return succeeds(emulator, name, body, sent);
    }

    private <T> T succeeds(TokenServerEmulator emu, String name, Callable<T> body, String... sent) throws Exception {
        int mark = emu.requests().size();
        T result;
        try {
            result = body.call();
        } catch (Exception e) {
            throw new AssertionError(name + ": expected success, got " + e.getClass().getName(), e);
        }
        capture(name + " → result", result);
        if (result instanceof AccessToken) {
            AccessToken t = (AccessToken) result;
            issued.add(t.value());
            t.refreshToken().ifPresent(issued::add);
            capture(name + " → extraFields", t.extraFields());
        }
        assertEquals(List.of(sent), sentSince(emu, mark), name + ": the requests sent");
        return result;
    }

    /** A path that must throw exactly {@code type}: captures it and checks exactly the requests it sent. */
    private <E extends Exception> E fails(String name, Class<E> type, Callable<?> body, String... sent) {
        return fails(emulator, name, type, body, sent);
    }

    private <E extends Exception> E fails(TokenServerEmulator emu, String name, Class<E> type, Callable<?> body, String... sent) {
        int mark = emu.requests().size();
        Object result;
        try {
            result = body.call();
        } catch (Exception e) {
            captureThrowable(name + " → exception", e);
            assertEquals(type, e.getClass(), () -> name + ": exception type; got " + e);
            assertEquals(List.of(sent), sentSince(emu, mark), name + ": the requests sent");
            return type.cast(e);
        }
        throw new AssertionError(name + ": expected " + type.getSimpleName() + ", got " + (result instanceof AccessToken
                ? "a token" : String.valueOf(result)));
    }

    private static void oauth(OAuthErrorException e, int status, String error) {
        assertEquals(status, e.httpStatus(), e::toString);
        assertEquals(error, e.error(), e::toString);
    }

    @Test
    void noSecretInLogsOutputMessagesStackTracesOrToString() throws Exception {
        Logger root = Logger.getLogger("");
        Logger sdk = Logger.getLogger("dev.commerceauth");
        Level rootLevel = root.getLevel();
        Level sdkLevel = sdk.getLevel();
        List<String> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logs.add(r.getLoggerName() + " " + r.getLevel() + " " + formatter.format(r)
                        + " raw=" + r.getMessage() + " params=" + java.util.Arrays.toString(r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        root.setLevel(Level.ALL);
        sdk.setLevel(Level.ALL);
        root.addHandler(handler);
        System.setOut(new PrintStream(new Tee(originalOut, out), true, "UTF-8"));
        System.setErr(new PrintStream(new Tee(originalErr, err), true, "UTF-8"));
        ValidatingProxy proxy = null;
        ValidatingProxy limitedProxy = null;
        try {
            emulator = TokenServerEmulator.builder()
                    .client(EmulatorClient.sellytics(SCAN_CLIENT_ID, SCAN_CLIENT_SECRET))
                    .user(EmulatorUser.shopwareAdmin(SCAN_ADMIN, SCAN_ADMIN_PASSWORD))
                    .shopwareLoginThrottle(2, Duration.ofSeconds(10), Duration.ofSeconds(10)).start();
            limited = TokenServerEmulator.builder().commerceLayerRateLimit(1).start();
            proxy = ValidatingProxy.allowingInjectedFaults(emulator.baseUrl());
            limitedProxy = new ValidatingProxy(limited.baseUrl());
            runEverything(proxy, limitedProxy);
            for (String body : proxy.responseBodies()) {
                harvest(body);
            }
            for (String body : limitedProxy.responseBodies()) {
                harvest(body);
            }
            violations.addAll(proxy.violations());
            violations.addAll(limitedProxy.violations());
            assertEquals(List.of("failNext", "malformedNext", "dropNext"), proxy.injected().stream()
                    .map(i -> i.substring(i.lastIndexOf('(') + 1, i.length() - 1)).collect(Collectors.toList()),
                    "the proxy saw exactly the three injected faults");
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            root.removeHandler(handler);
            root.setLevel(rootLevel);
            sdk.setLevel(sdkLevel);
            if (proxy != null) {
                proxy.close();
            }
            if (limitedProxy != null) {
                limitedProxy.close();
            }
            if (emulator != null) {
                emulator.close();
            }
            if (limited != null) {
                limited.close();
            }
        }
        for (String log : logs) {
            capture("log record", log);
        }
        capture("System.out", out.toString(StandardCharsets.UTF_8));
        capture("System.err", err.toString(StandardCharsets.UTF_8));

        SecretScanner scanner = scanner();
        assertTrue(issued.size() >= 15, "harvested the issued tokens: " + issued.size());
        assertTrue(logs.stream().anyMatch(l -> l.contains("dev.commerceauth")), "the SDK logged at FINE and below");
        List<String> hits = new ArrayList<>();
        for (String[] c : captured) {
            hits.addAll(scanner.scan(c[0], c[1]));
        }
        assertEquals(List.of(), hits, "secrets leaked (" + captured.size() + " captures scanned for " + scanner.size()
                + " secret forms)");
        assertEquals(List.of(), violations, "every exchange of the sample and error paths matches the specs");
    }

    /** Every secret used or issued, in every form, with a kind for the report. */
    private SecretScanner scanner() {
        SecretScanner s = new SecretScanner();
        for (String[] kv : new String[][] {
            {"sellytics client secret", DemoCredentials.SELLYTICS_CLIENT_SECRET},
            {"scan client secret (special characters)", SCAN_CLIENT_SECRET},
            {"Shopware integration secret", DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY},
            {"Shopware admin password", DemoCredentials.SHOPWARE_ADMIN_PASSWORD},
            {"scan admin password (special characters)", SCAN_ADMIN_PASSWORD},
            {"Commerce Layer integration secret", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET},
            {"Commerce Layer webapp secret", DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET},
            {"Commerce Layer customer password", DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD},
            {"wrong secret used in error paths", WRONG_SECRET},
            {"wrong password used in error paths", WRONG_PASSWORD},
            {"JWT-bearer assertion", ASSERTION},
        }) {
            s.secret(kv[0], kv[1]);
        }
        for (String[] pair : new String[][] {
            {"sellytics client", DemoCredentials.SELLYTICS_CLIENT_ID, DemoCredentials.SELLYTICS_CLIENT_SECRET},
            {"scan client", SCAN_CLIENT_ID, SCAN_CLIENT_SECRET},
            {"sellytics client, wrong secret", DemoCredentials.SELLYTICS_CLIENT_ID, WRONG_SECRET},
            {"unknown sellytics client", "nobody", WRONG_SECRET},
            {"Shopware integration", DemoCredentials.SHOPWARE_ACCESS_KEY_ID, DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY},
            {"Commerce Layer integration", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID,
                DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET},
            {"Commerce Layer integration, wrong secret", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID, WRONG_SECRET},
            {"Commerce Layer webapp", DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID, DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET},
        }) {
            s.basic(pair[0] + " (HTTP Basic)", pair[1], pair[2]);
        }
        for (String code : codes) {
            s.secret("authorization code", code);
        }
        int n = 0;
        for (String token : issued) {
            n++;
            s.secret("issued token #" + n, token);
            String[] parts = token.split("\\.");
            if (parts.length == 3 && parts[2].length() >= 16) {
                s.secret("signature of issued token #" + n, parts[2]);
            }
        }
        return s;
    }

    private void harvest(String body) {
        try {
            JsonElement e = JsonParser.parseString(body);
            if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                for (String field : new String[] {"access_token", "refresh_token", "id_token"}) {
                    if (o.has(field) && o.get(field).isJsonPrimitive()) {
                        issued.add(o.get(field).getAsString());
                    }
                }
            }
        } catch (RuntimeException notJson) {
            // malformed bodies carry no complete token
        }
    }

    static String jwtAssertion(String subject) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"RS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(("{\"sub\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8)) + ".Scan-Assertion-Sig-7a7a";
    }

    private void runEverything(ValidatingProxy proxy, ValidatingProxy limitedProxy) throws Exception {
        SellyticsAuth sellyticsForm = SellyticsAuth.builder().tokenUrl(proxy.via(emulator.sellyticsTokenUrl()))
                .revocationCredentials(DemoCredentials.SELLYTICS_CLIENT_ID, Secret.of(DemoCredentials.SELLYTICS_CLIENT_SECRET)).build();
        SellyticsAuth sellyticsBasic = SellyticsAuth.builder().tokenUrl(proxy.via(emulator.sellyticsTokenUrl()))
                .clientAuthentication(ClientAuthentication.BASIC).build();
        ShopwareAuth shopware = ShopwareAuth.builder().shopUrl(proxy.via(emulator.shopwareUrl())).build();
        CommerceLayerAuth cl = CommerceLayerAuth.builder().baseUrl(proxy.via(emulator.commerceLayerBaseUrl()))
                .revocationCredentials(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID,
                        Secret.of(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET)).build();
        CommerceLayerAuth clLimited = CommerceLayerAuth.builder().baseUrl(limitedProxy.via(limited.commerceLayerBaseUrl())).build();
        for (Object client : new Object[] {sellyticsForm, sellyticsBasic, shopware, cl, clLimited}) {
            capture("client toString", client);
        }

        String sellyticsId = DemoCredentials.SELLYTICS_CLIENT_ID;
        String swKey = DemoCredentials.SHOPWARE_ACCESS_KEY_ID;
        String clSalesId = DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID;
        String clIntegrationId = DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID;
        String clWebappId = DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID;
        ClientCredentialsGrant sellytics = ClientCredentialsGrant.builder().clientId(sellyticsId)
                .clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET).scope(SellyticsAuth.DATA_API_SCOPE).build();
        ClientCredentialsGrant scanClient = ClientCredentialsGrant.builder().clientId(SCAN_CLIENT_ID)
                .clientSecret(SCAN_CLIENT_SECRET).scope(SellyticsAuth.DATA_API_SCOPE).build();
        ClientCredentialsGrant swIntegration = ClientCredentialsGrant.builder().clientId(swKey)
                .clientSecret(DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY).build();
        PasswordGrant swAdmin = ShopwareAuth.passwordGrant(DemoCredentials.SHOPWARE_ADMIN_USERNAME, DemoCredentials.SHOPWARE_ADMIN_PASSWORD);
        PasswordGrant swScanAdmin = ShopwareAuth.passwordGrant(SCAN_ADMIN, SCAN_ADMIN_PASSWORD);
        String swAdminClient = swAdmin.clientId();
        ClientCredentialsGrant clSales = ClientCredentialsGrant.builder().clientId(clSalesId)
                .scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)).build();
        ClientCredentialsGrant clIntegration = ClientCredentialsGrant.builder().clientId(clIntegrationId)
                .clientSecret(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET).build();
        PasswordGrant clCustomer = PasswordGrant.builder().clientId(clSalesId)
                .username(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL).password(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD)
                .scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)).build();
        JwtBearerGrant clJwt = JwtBearerGrant.builder().clientId(clWebappId)
                .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET).assertion(ASSERTION).build();
        String code = emulator.issueAuthorizationCode(clWebappId, DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL);
        codes.add(code);
        AuthorizationCodeGrant clCode = AuthorizationCodeGrant.builder().clientId(clWebappId)
                .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET).code(code)
                .redirectUri(DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI).build();
        for (Grant g : new Grant[] {sellytics, scanClient, swIntegration, swAdmin, swScanAdmin, clSales, clIntegration,
            clCustomer, clJwt, clCode}) {
            capture("grant toString", g);
        }
        String cc = "client_credentials";
        String refresh = "refresh_token";
        String password = "password";

        // ---- every grant of every provider, and revoke ----
        succeeds("sellytics client_credentials (form)", () -> sellyticsForm.requestToken(sellytics), sent(cc, sellyticsId, 200));
        succeeds("sellytics client_credentials (basic)", () -> sellyticsBasic.requestToken(sellytics), sent(cc, sellyticsId, 200));
        succeeds("sellytics client_credentials, special-character secret (form)", () -> sellyticsForm.requestToken(scanClient),
                sent(cc, SCAN_CLIENT_ID, 200));
        succeeds("sellytics client_credentials, special-character secret (basic)", () -> sellyticsBasic.requestToken(scanClient),
                sent(cc, SCAN_CLIENT_ID, 200));
        AccessToken sellyticsRevoked = succeeds("sellytics revoke", () -> {
            AccessToken t = sellyticsForm.requestToken(sellytics);
            sellyticsForm.revoke(t.value());
            return t;
        }, sent(cc, sellyticsId, 200), sent("revoke", sellyticsId, 200));
        assertEquals(401, resourceStatus(sellyticsRevoked.value()), "the SDK's revocation reached the emulator: the resource refuses the token");
        succeeds("Shopware client_credentials", () -> shopware.requestToken(swIntegration), sent(cc, swKey, 200));
        AccessToken swRotated = succeeds("Shopware password + refresh (special-character password)", () -> {
            AccessToken t = shopware.requestToken(swScanAdmin);
            issued.add(t.refreshToken().orElseThrow());
            AccessToken r = shopware.requestToken(RefreshTokenGrant.forToken(swScanAdmin, t.refreshToken().orElseThrow()));
            assertNotEquals(t.refreshToken(), r.refreshToken(), "Shopware rotates the refresh token");
            swFirstRefreshToken = t.refreshToken().orElseThrow();
            return r;
        }, sent(password, swAdminClient, 200), sent(refresh, swAdminClient, 200));
        OAuthErrorException swReused = fails("Shopware reused refresh token", OAuthErrorException.class,
                () -> shopware.requestToken(RefreshTokenGrant.forToken(swScanAdmin, swFirstRefreshToken)),
                sent(refresh, swAdminClient, 401));
        assertTrue(swReused.isInvalidGrant(), swReused::toString);
        assertTrue(swRotated.refreshToken().isPresent());
        UnsupportedOperationException swRevoke = fails("Shopware revoke (unsupported)", UnsupportedOperationException.class, () -> {
            shopware.revoke("not-sent");
            return null;
        });
        assertTrue(swRevoke.getMessage().contains("no token revocation endpoint"), swRevoke::getMessage);
        succeeds("Commerce Layer sales channel", () -> cl.requestToken(clSales), sent(cc, clSalesId, 200));
        succeeds("Commerce Layer integration", () -> cl.requestToken(clIntegration), sent(cc, clIntegrationId, 200));
        succeeds("Commerce Layer password + refresh", () -> {
            AccessToken t = cl.requestToken(clCustomer);
            return cl.requestToken(RefreshTokenGrant.forToken(clCustomer, t.refreshToken().orElseThrow()));
        }, sent(password, clSalesId, 200), sent(refresh, clSalesId, 200));
        succeeds("Commerce Layer authorization_code", () -> cl.requestToken(clCode), sent("authorization_code", clWebappId, 200));
        succeeds("Commerce Layer jwt bearer", () -> cl.requestToken(clJwt),
                sent("urn:ietf:params:oauth:grant-type:jwt-bearer", clWebappId, 200));
        AccessToken clRevoked = succeeds("Commerce Layer revoke", () -> {
            AccessToken t = cl.requestToken(clIntegration);
            cl.revoke(t.value());
            return t;
        }, sent(cc, clIntegrationId, 200), sent("revoke", clIntegrationId, 200));
        assertEquals(401, resourceStatus(clRevoked.value()), "the SDK's revocation reached the emulator: the resource refuses the token");
        String claims = succeeds("Commerce Layer claims and Core API URL", () -> {
            AccessToken t = cl.requestToken(clIntegration);
            return cl.claims(t.value()) + " " + cl.coreApiBaseUrl(t.value());
        }, sent(cc, clIntegrationId, 200));
        assertTrue(claims.contains("http"), claims);

        // ---- cached providers + OkHttp bearer interceptor against the protected resource ----
        cachedResourcePath("sellytics", sellyticsForm, sellytics, sent(cc, sellyticsId, 200), sent(cc, sellyticsId, 200));
        cachedResourcePath("Shopware admin", shopware, swAdmin, sent(password, swAdminClient, 200),
                sent(refresh, swAdminClient, 200));
        // Commerce Layer revokes the refresh token with its access token: the provider's refresh is refused, then
        // exactly one full grant with the original credentials
        cachedResourcePath("Commerce Layer customer", cl, clCustomer, sent(password, clSalesId, 200), sent(refresh, clSalesId, 401),
                sent(password, clSalesId, 200));

        // ---- error paths ----
        oauth(fails("sellytics wrong secret", OAuthErrorException.class, () -> sellyticsForm.requestToken(ClientCredentialsGrant
                .builder().clientId(sellyticsId).clientSecret(WRONG_SECRET).scope(SellyticsAuth.DATA_API_SCOPE).build()),
                sent(cc, sellyticsId, 401)), 401, "unauthorized_client");
        oauth(fails("sellytics unknown client (basic)", OAuthErrorException.class, () -> sellyticsBasic.requestToken(
                ClientCredentialsGrant.builder().clientId("nobody").clientSecret(WRONG_SECRET).scope(SellyticsAuth.DATA_API_SCOPE).build()),
                sent(cc, "nobody", 401)), 401, "invalid_client");
        oauth(fails("sellytics bad scope", OAuthErrorException.class, () -> sellyticsForm.requestToken(ClientCredentialsGrant.builder()
                .clientId(sellyticsId).clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET).scope(Scope.of("nope")).build()),
                sent(cc, sellyticsId, 400)), 400, "invalid_scope");
        fails("sellytics unsupported grant", IllegalArgumentException.class, () -> sellyticsForm.requestToken(swAdmin));
        oauth(fails("Shopware wrong secret", OAuthErrorException.class, () -> shopware.requestToken(ClientCredentialsGrant.builder()
                .clientId(swKey).clientSecret(WRONG_SECRET).build()), sent(cc, swKey, 401)), 401, "invalid_client");
        oauth(fails("Shopware invalid access key", OAuthErrorException.class, () -> shopware.requestToken(ClientCredentialsGrant.builder()
                .clientId("no-prefix").clientSecret(WRONG_SECRET).build()), sent(cc, "no-prefix", 500)), 500, "invalid_client");
        for (int i = 0; i < 2; i++) {
            oauth(fails("Shopware wrong password #" + i, OAuthErrorException.class, () -> shopware.requestToken(
                    ShopwareAuth.passwordGrant(DemoCredentials.SHOPWARE_ADMIN_USERNAME, WRONG_PASSWORD)),
                    sent(password, swAdminClient, 400)), 400, "invalid_grant");
        }
        RateLimitedException throttled = fails("Shopware wrong password, throttled", RateLimitedException.class, () -> shopware.requestToken(
                ShopwareAuth.passwordGrant(DemoCredentials.SHOPWARE_ADMIN_USERNAME, WRONG_PASSWORD)), sent(password, swAdminClient, 429));
        assertEquals(Duration.ofSeconds(10), throttled.retryAfter().orElse(null));
        oauth(fails("Commerce Layer wrong secret", OAuthErrorException.class, () -> cl.requestToken(ClientCredentialsGrant.builder()
                .clientId(clIntegrationId).clientSecret(WRONG_SECRET).build()), sent(cc, clIntegrationId, 401)), 401, "invalid_client");
        oauth(fails("Commerce Layer wrong password", OAuthErrorException.class, () -> cl.requestToken(PasswordGrant.builder()
                .clientId(clSalesId).username(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL)
                .password(WRONG_PASSWORD).scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)).build()),
                sent(password, clSalesId, 401)), 401, "invalid_grant");
        oauth(fails("Commerce Layer code reused", OAuthErrorException.class, () -> cl.requestToken(clCode),
                sent("authorization_code", clWebappId, 401)), 401, "invalid_grant");
        oauth(fails("Commerce Layer bad scope", OAuthErrorException.class, () -> cl.requestToken(ClientCredentialsGrant.builder()
                .clientId(clSalesId).scope(Scope.market("NoSuchMkt1")).build()), sent(cc, clSalesId, 400)), 400, "invalid_scope");
        oauth(fails("Commerce Layer revoke wrong secret", OAuthErrorException.class, () -> {
            cl.revoke("Scan-Revoked-Token", ClientCredentialsGrant.builder().clientId(clIntegrationId).clientSecret(WRONG_SECRET).build());
            return null;
        }, sent("revoke", clIntegrationId, 401)), 401, "invalid_client");
        succeeds(limited, "Commerce Layer rate limit (1)", () -> clLimited.requestToken(clIntegration), sent(cc, clIntegrationId, 200));
        RateLimitedException rateLimited = fails(limited, "Commerce Layer rate limit (2)", RateLimitedException.class,
                () -> clLimited.requestToken(clIntegration), sent(cc, clIntegrationId, 429));
        assertTrue(rateLimited.retryAfter().isPresent(), rateLimited::toString);
        oauth(fails("Commerce Layer refresh token reused after revocation", OAuthErrorException.class, () -> {
            AccessToken t = cl.requestToken(clCustomer);
            String rt = t.refreshToken().orElseThrow();
            // revoked by the client it was issued to (a revocation by another client is answered 200 and ignored, RFC 7009)
            cl.revoke(rt, clSales);
            return cl.requestToken(RefreshTokenGrant.forToken(clCustomer, rt));
        }, sent(password, clSalesId, 200), sent("revoke", clSalesId, 200), sent(refresh, clSalesId, 401)), 401, "invalid_grant");

        // ---- injected faults, through the fault-aware proxy ----
        emulator.faults().failNext(1, 503);
        OAuthErrorException injected503 = fails("injected 503", OAuthErrorException.class, () -> sellyticsForm.requestToken(sellytics),
                sent(cc, sellyticsId, 503));
        oauth(injected503, 503, "server_error");
        assertTrue(injected503.isRetryable(), injected503::toString);
        emulator.faults().malformedNext(1);
        InvalidResponseException malformed = fails("injected malformed 200", InvalidResponseException.class,
                () -> shopware.requestToken(swIntegration), sent(cc, swKey, 200));
        assertEquals(200, malformed.httpStatus());
        emulator.faults().dropNext(3);
        fails("injected dropped connection", TransportException.class, () -> cl.requestToken(clIntegration),
                sent(cc, clIntegrationId, 0));
        assertEquals(2, emulator.faults().pending(), "one POST for one attempt: two queued drops left");
        emulator.faults().reset();

        ClientCredentialsGrant clWrong = ClientCredentialsGrant.builder().clientId(clIntegrationId).clientSecret(WRONG_SECRET).build();
        try (CachingTokenProvider p = CachingTokenProvider.builder(cl, clWrong).build()) {
            oauth(fails("cached provider, permanent failure", OAuthErrorException.class, p::token, sent(cc, clIntegrationId, 401)),
                    401, "invalid_client");
            oauth(fails("cached provider, failure cached in backoff", OAuthErrorException.class, p::token), 401, "invalid_client");
            capture("provider toString after failure", p);
        }
    }

    private String swFirstRefreshToken;

    /**
     * Cached provider + BearerAuth: call the resource, revoke the token at the emulator, call again: the resource
     * answers 401, the authenticator invalidates the token, the provider gets a new one, the retry answers 200.
     */
    private void cachedResourcePath(String name, TokenClient client, Grant grant, String fetch, String... renewal) throws Exception {
        ProviderEvents events = new ProviderEvents(Clock.systemUTC(), TokenProviderListener.logging());
        try (CachingTokenProvider provider = CachingTokenProvider.builder(client, grant).listener(events).build()) {
            OkHttpClient http = BearerAuth.install(new OkHttpClient.Builder(), provider).build();
            Request request = new Request.Builder().url(emulator.protectedResourceUrl()).build();
            AccessToken first = succeeds(name + " cached provider token", provider::token, fetch);
            int resource = emulator.protectedResourceRequestCount();
            int status = succeeds(name + " protected resource", () -> call(http, request, name + " resource response"));
            assertEquals(200, status, name + ": the resource accepts the token");
            assertEquals(resource + 1, emulator.protectedResourceRequestCount());

            assertTrue(emulator.revoke(first.value()), "the emulator knew the token");
            status = succeeds(name + " protected resource after revocation",
                    () -> call(http, request, name + " resource response after revocation"), renewal);
            assertEquals(200, status, name + ": 401 → invalidate → new token → retry");
            assertEquals(resource + 3, emulator.protectedResourceRequestCount(),
                    name + ": the resource saw the revoked token (401), then the new one (200)");

            AccessToken after = succeeds(name + " cached provider token after refresh", provider::token);
            assertNotEquals(first.value(), after.value(), name + ": the provider hands out the new token");
            assertEquals(List.of(ProviderEvents.Kind.FETCHED, ProviderEvents.Kind.INVALIDATED, ProviderEvents.Kind.FETCHED),
                    events.all().stream().map(e -> e.kind).collect(Collectors.toList()), name + ": provider events");
            assertEquals(first.value(), events.all().get(1).token.value(), name + ": the revoked token was invalidated");
            assertEquals(after.value(), events.all().get(2).token.value());
            capture(name + " provider toString", provider);
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The protected resource's status for a bearer token, called without the SDK. */
    private int resourceStatus(String token) throws IOException {
        OkHttpClient plain = new OkHttpClient();
        try (Response r = plain.newCall(new Request.Builder().url(emulator.protectedResourceUrl())
                .header("Authorization", "Bearer " + token).build()).execute()) {
            return r.code();
        } finally {
            plain.dispatcher().executorService().shutdown();
            plain.connectionPool().evictAll();
        }
    }

    private int call(OkHttpClient http, Request request, String where) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            capture(where, r + " " + r.body().string());
            return r.code();
        }
    }

    /** Writes to two streams. */
    static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
