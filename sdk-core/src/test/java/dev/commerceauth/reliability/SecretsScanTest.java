package dev.commerceauth.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.okhttp.BearerAuth;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.sellytics.ClientAuthentication;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
 * {@code java.util.logging} at {@code ALL} for the root logger and {@code dev.commerceauth}. It
 * captures every log record (formatted, with parameters and thrown stack traces), everything
 * written to {@code System.out}/{@code System.err}, every exception's message and full stack trace
 * (causes included), and the {@code toString()} of every grant, token, client, provider and
 * exception. Then it scans all of it for every secret: the demo client secrets and passwords, the
 * authorization code, the JWT-bearer assertion, and every access and refresh token the emulator
 * issued (harvested from the responses by a {@link ValidatingProxy}, so tokens the provider fetched
 * internally are included; the proxy also checks every exchange against the specs). A hit fails,
 * naming the capture and the secret's kind, never printing the secret.
 */
class SecretsScanTest {

    private final List<String[]> captured = new ArrayList<>(); // {where, text}
    private final Set<String> issued = new LinkedHashSet<>();

    private void capture(String where, Object o) {
        captured.add(new String[] {where, String.valueOf(o)});
    }

    private void captureThrowable(String where, Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        capture(where + " (toString)", t);
        capture(where + " (stack trace)", w);
        if (t instanceof dev.commerceauth.core.OAuthErrorException) {
            dev.commerceauth.core.OAuthErrorException o = (dev.commerceauth.core.OAuthErrorException) t;
            capture(where + " (responseBody)", o.responseBody());
            capture(where + " (errorDescription)", o.errorDescription().orElse(""));
            capture(where + " (title)", o.title().orElse(""));
        }
    }

    /** Runs a path, capturing its result or its exception. */
    private void path(String name, Callable<?> body) {
        try {
            Object result = body.call();
            capture(name + " → result", result);
            if (result instanceof AccessToken) {
                AccessToken t = (AccessToken) result;
                issued.add(t.value());
                t.refreshToken().ifPresent(issued::add);
                capture(name + " → extraFields", t.extraFields());
            }
        } catch (Exception e) {
            captureThrowable(name + " → exception", e);
        }
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
        try (TokenServerEmulator emulator = TokenServerEmulator.builder()
                .shopwareLoginThrottle(2, Duration.ofSeconds(10), Duration.ofSeconds(10)).start();
                TokenServerEmulator limited = TokenServerEmulator.builder().commerceLayerRateLimit(1).start()) {
            proxy = new ValidatingProxy(emulator.baseUrl());
            limitedProxy = new ValidatingProxy(limited.baseUrl());
            runEverything(emulator, proxy, limited, limitedProxy);
            for (String body : proxy.responseBodies()) {
                harvest(body);
            }
            for (String body : limitedProxy.responseBodies()) {
                harvest(body);
            }
            violations.addAll(proxy.violations());
            violations.addAll(limitedProxy.violations());
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
        }
        for (String log : logs) {
            capture("log record", log);
        }
        capture("System.out", out.toString(StandardCharsets.UTF_8));
        capture("System.err", err.toString(StandardCharsets.UTF_8));

        List<String[]> secrets = secrets();
        assertTrue(issued.size() >= 15, "harvested the issued tokens: " + issued.size());
        assertTrue(logs.stream().anyMatch(l -> l.contains("dev.commerceauth")), "the SDK logged at FINE and below");
        List<String> hits = new ArrayList<>();
        for (String[] c : captured) {
            for (String[] s : secrets) {
                if (c[1].contains(s[1])) {
                    int at = c[1].indexOf(s[1]);
                    String context = c[1].substring(Math.max(0, at - 60), at).replace('\n', ' ');
                    hits.add(s[0] + " found in " + c[0] + " after: …" + context + "<SECRET>");
                }
            }
        }
        assertEquals(List.of(), hits, "secrets leaked (" + captured.size() + " captures scanned for " + secrets.size() + " secrets)");
        assertEquals(List.of(), violations, "every exchange of the sample and error paths matches the specs");
    }

    private final List<String> violations = new ArrayList<>();

    /** Every secret used or issued, with a kind for the report: {kind, value}. */
    private List<String[]> secrets() {
        List<String[]> s = new ArrayList<>();
        for (String[] kv : new String[][] {
            {"sellytics client secret", DemoCredentials.SELLYTICS_CLIENT_SECRET},
            {"Shopware integration secret", DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY},
            {"Shopware admin password", DemoCredentials.SHOPWARE_ADMIN_PASSWORD},
            {"Commerce Layer integration secret", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET},
            {"Commerce Layer webapp secret", DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET},
            {"Commerce Layer customer password", DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD},
            {"wrong secret used in error paths", WRONG_SECRET},
            {"wrong password used in error paths", WRONG_PASSWORD},
            {"JWT-bearer assertion", ASSERTION},
        }) {
            s.add(kv);
        }
        for (String code : codes) {
            s.add(new String[] {"authorization code", code});
        }
        int n = 0;
        for (String token : issued) {
            n++;
            s.add(new String[] {"issued token #" + n, token});
            String[] parts = token.split("\\.");
            if (parts.length == 3 && parts[2].length() >= 16) {
                s.add(new String[] {"signature of issued token #" + n, parts[2]});
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

    static final String WRONG_SECRET = "Scan-Wrong-Secret-1c9e";
    static final String WRONG_PASSWORD = "Scan-Wrong-Passw0rd-2d8f";
    static final String ASSERTION = jwtAssertion(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL);
    private final List<String> codes = new ArrayList<>();

    static String jwtAssertion(String subject) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"RS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(("{\"sub\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8)) + ".Scan-Assertion-Sig-7a7a";
    }

    private void runEverything(TokenServerEmulator emulator, ValidatingProxy proxy, TokenServerEmulator limited,
            ValidatingProxy limitedProxy) throws Exception {
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

        ClientCredentialsGrant sellytics = ClientCredentialsGrant.builder().clientId(DemoCredentials.SELLYTICS_CLIENT_ID)
                .clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET).scope(SellyticsAuth.DATA_API_SCOPE).build();
        ClientCredentialsGrant swIntegration = ClientCredentialsGrant.builder().clientId(DemoCredentials.SHOPWARE_ACCESS_KEY_ID)
                .clientSecret(DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY).build();
        PasswordGrant swAdmin = ShopwareAuth.passwordGrant(DemoCredentials.SHOPWARE_ADMIN_USERNAME, DemoCredentials.SHOPWARE_ADMIN_PASSWORD);
        ClientCredentialsGrant clSales = ClientCredentialsGrant.builder().clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID)
                .scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)).build();
        ClientCredentialsGrant clIntegration = ClientCredentialsGrant.builder().clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID)
                .clientSecret(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET).build();
        PasswordGrant clCustomer = PasswordGrant.builder().clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID)
                .username(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL).password(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD)
                .scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)).build();
        JwtBearerGrant clJwt = JwtBearerGrant.builder().clientId(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID)
                .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET).assertion(ASSERTION).build();
        String code = emulator.issueAuthorizationCode(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID, DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL);
        codes.add(code);
        AuthorizationCodeGrant clCode = AuthorizationCodeGrant.builder().clientId(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID)
                .clientSecret(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET).code(code)
                .redirectUri(DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI).build();
        for (Grant g : new Grant[] {sellytics, swIntegration, swAdmin, clSales, clIntegration, clCustomer, clJwt, clCode}) {
            capture("grant toString", g);
        }

        // ---- every grant of every provider, and revoke ----
        path("sellytics client_credentials (form)", () -> sellyticsForm.requestToken(sellytics));
        path("sellytics client_credentials (basic)", () -> sellyticsBasic.requestToken(sellytics));
        path("sellytics revoke", () -> {
            sellyticsForm.revoke(sellyticsForm.requestToken(sellytics).value());
            return "revoked";
        });
        path("Shopware client_credentials", () -> shopware.requestToken(swIntegration));
        path("Shopware password + refresh", () -> {
            AccessToken t = shopware.requestToken(swAdmin);
            issued.add(t.refreshToken().orElseThrow());
            return shopware.requestToken(RefreshTokenGrant.forToken(swAdmin, t.refreshToken().orElseThrow()));
        });
        path("Shopware revoke (unsupported)", () -> {
            shopware.revoke("not-sent");
            return null;
        });
        path("Commerce Layer sales channel", () -> cl.requestToken(clSales));
        path("Commerce Layer integration", () -> cl.requestToken(clIntegration));
        path("Commerce Layer password + refresh", () -> {
            AccessToken t = cl.requestToken(clCustomer);
            return cl.requestToken(RefreshTokenGrant.forToken(clCustomer, t.refreshToken().orElseThrow()));
        });
        path("Commerce Layer authorization_code", () -> cl.requestToken(clCode));
        path("Commerce Layer jwt bearer", () -> cl.requestToken(clJwt));
        path("Commerce Layer revoke", () -> {
            cl.revoke(cl.requestToken(clIntegration).value());
            return "revoked";
        });
        path("Commerce Layer claims and Core API URL", () -> {
            AccessToken t = cl.requestToken(clIntegration);
            return cl.claims(t.value()) + " " + cl.coreApiBaseUrl(t.value());
        });

        // ---- cached providers + OkHttp bearer interceptor against the protected resource ----
        cachedResourcePath("sellytics", sellyticsForm, sellytics, emulator);
        cachedResourcePath("Shopware admin", shopware, swAdmin, emulator);
        cachedResourcePath("Commerce Layer customer", cl, clCustomer, emulator);

        // ---- error paths ----
        path("sellytics wrong secret", () -> sellyticsForm.requestToken(ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.SELLYTICS_CLIENT_ID).clientSecret(WRONG_SECRET).scope(SellyticsAuth.DATA_API_SCOPE).build()));
        path("sellytics unknown client", () -> sellyticsBasic.requestToken(ClientCredentialsGrant.builder()
                .clientId("nobody").clientSecret(WRONG_SECRET).scope(SellyticsAuth.DATA_API_SCOPE).build()));
        path("sellytics bad scope", () -> sellyticsForm.requestToken(ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.SELLYTICS_CLIENT_ID).clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET)
                .scope(Scope.of("nope")).build()));
        path("sellytics unsupported grant", () -> sellyticsForm.requestToken(swAdmin));
        path("Shopware wrong secret", () -> shopware.requestToken(ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.SHOPWARE_ACCESS_KEY_ID).clientSecret(WRONG_SECRET).build()));
        path("Shopware invalid access key", () -> shopware.requestToken(ClientCredentialsGrant.builder()
                .clientId("no-prefix").clientSecret(WRONG_SECRET).build()));
        for (int i = 0; i < 3; i++) {
            path("Shopware wrong password / throttle #" + i, () -> shopware.requestToken(
                    ShopwareAuth.passwordGrant(DemoCredentials.SHOPWARE_ADMIN_USERNAME, WRONG_PASSWORD)));
        }
        path("Shopware reused refresh token", () -> {
            AccessToken t = shopware.requestToken(swIntegration); // no refresh token; use a fresh admin login instead
            return t;
        });
        path("Commerce Layer wrong secret", () -> cl.requestToken(ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID).clientSecret(WRONG_SECRET).build()));
        path("Commerce Layer wrong password", () -> cl.requestToken(PasswordGrant.builder()
                .clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID).username(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL)
                .password(WRONG_PASSWORD).scope(Scope.market(DemoCredentials.COMMERCELAYER_MARKET_ID)).build()));
        path("Commerce Layer code reused", () -> cl.requestToken(clCode));
        path("Commerce Layer bad scope", () -> cl.requestToken(ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID).scope(Scope.market("NoSuchMkt1")).build()));
        path("Commerce Layer revoke wrong secret", () -> {
            cl.revoke("Scan-Revoked-Token", ClientCredentialsGrant.builder()
                    .clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID).clientSecret(WRONG_SECRET).build());
            return null;
        });
        path("Commerce Layer rate limit (1)", () -> clLimited.requestToken(clIntegration));
        path("Commerce Layer rate limit (2)", () -> clLimited.requestToken(clIntegration));
        path("Commerce Layer refresh token reused", () -> {
            AccessToken t = cl.requestToken(clCustomer);
            String rt = t.refreshToken().orElseThrow();
            cl.revoke(rt, clIntegration);
            return cl.requestToken(RefreshTokenGrant.forToken(clCustomer, rt));
        });
        // injected faults are off-spec by design: these clients talk to the emulator directly, not via the proxy
        SellyticsAuth sellyticsDirect = SellyticsAuth.builder().tokenUrl(emulator.sellyticsTokenUrl()).build();
        ShopwareAuth shopwareDirect = ShopwareAuth.builder().shopUrl(emulator.shopwareUrl()).build();
        CommerceLayerAuth clDirect = CommerceLayerAuth.builder().baseUrl(emulator.commerceLayerBaseUrl()).build();
        emulator.faults().failNext(1, 503);
        path("injected 503", () -> sellyticsDirect.requestToken(sellytics));
        emulator.faults().malformedNext(1);
        path("injected malformed 200", () -> shopwareDirect.requestToken(swIntegration));
        emulator.faults().dropNext(3);
        path("injected dropped connection", () -> clDirect.requestToken(clIntegration));
        emulator.faults().reset();
        try (CachingTokenProvider p = CachingTokenProvider.builder(cl, ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID).clientSecret(WRONG_SECRET).build()).build()) {
            path("cached provider, permanent failure", p::token);
            path("cached provider, failure cached in backoff", p::token);
            capture("provider toString after failure", p);
        }
    }

    /** Cached provider + BearerAuth: call the resource, revoke the token at the server, call again (401 → refresh → retry). */
    private void cachedResourcePath(String name, TokenClient client, Grant grant, TokenServerEmulator emulator) {
        try (CachingTokenProvider provider = CachingTokenProvider.builder(client, grant).build()) {
            OkHttpClient http = BearerAuth.install(new OkHttpClient.Builder(), provider).build();
            Request request = new Request.Builder().url(emulator.protectedResourceUrl()).build();
            path(name + " cached provider token", provider::token);
            path(name + " protected resource", () -> {
                try (Response r = http.newCall(request).execute()) {
                    capture(name + " resource response", r + " " + r.body().string());
                    return r.code();
                }
            });
            emulator.revoke(provider.token().value());
            path(name + " protected resource after revocation", () -> {
                try (Response r = http.newCall(request).execute()) {
                    capture(name + " resource response after revocation", r + " " + r.body().string());
                    return r.code();
                }
            });
            path(name + " cached provider token after refresh", provider::token);
            capture(name + " provider toString", provider);
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
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
