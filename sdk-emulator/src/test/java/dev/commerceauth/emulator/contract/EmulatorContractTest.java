package dev.commerceauth.emulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.EmulatorUser;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.emulator.TokenServerEmulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>Contract: every answer of the emulator, per dialect, matches the specs in {@code openapi/}</h2>
 *
 * Plain HTTP ({@code java.net.http}) to the emulator; each exchange is validated with Atlassian's
 * swagger-request-validator against the dialect's spec, the emulator's path prefix
 * ({@code /sellytics}, {@code /shopware}, {@code /commercelayer}) being the base path. A case whose
 * request is well-formed is validated in full (request and response); a case that sends what the
 * spec forbids on purpose (a JSON body to Keycloak, an unknown grant type, malformed JSON) is
 * marked {@code off-spec request} and only its response is validated, and the test asserts that the
 * validator does reject that request. One line per case: what is sent → the status and error the
 * emulator must answer (providers.md).
 */
class EmulatorContractTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String THROTTLED = "throttled-admin";

    static ManualClock clock;
    static TokenServerEmulator emulator;
    static TokenServerEmulator limited;
    static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();


    @BeforeAll
    static void start() {
        clock = ManualClock.startingAt(Instant.now());
        emulator = TokenServerEmulator.builder().clock(clock)
                .user(EmulatorUser.shopwareAdmin(THROTTLED, "throttled-password-1"))
                .shopwareLoginThrottle(2, Duration.ofSeconds(10), Duration.ofSeconds(10)).start();
        limited = TokenServerEmulator.builder().clock(clock).commerceLayerRateLimit(1).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
        limited.close();
    }

    @BeforeEach
    void leaveWindowsBehind() {
        clock.advance(Duration.ofMinutes(2));
    }

    // ---------------------------------------------------------------- the exchange and its validation

    /** One HTTP exchange, kept for validation. */
    record Exchange(String method, String path, Map<String, List<String>> requestHeaders, String requestBody,
            int status, Map<String, List<String>> responseHeaders, String body) {
        String field(String name) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    static Exchange post(TokenServerEmulator emu, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpRequest request = b.build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Exchange("POST", path, request.headers().map(), body, r.statusCode(), r.headers().map(), r.body());
        } catch (Exception e) {
            throw new AssertionError("POST " + path + " failed: " + e, e);
        }
    }

    static Exchange form(String path, String... pairs) {
        return post(emulator, path, "application/x-www-form-urlencoded", formBody(pairs));
    }

    static Exchange json(String path, String... pairs) {
        return post(emulator, path, "application/json", jsonBody(pairs));
    }

    static String formBody(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(sb.length() > 0 ? "&" : "").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static String jsonBody(String... pairs) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(i > 0 ? "," : "").append('"').append(pairs[i]).append("\":\"").append(pairs[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }

    static Path openapiDir() {
        for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("openapi").resolve("sellytics-token.yaml"))) {
                return p.resolve("openapi");
            }
        }
        throw new IllegalStateException("openapi/ not found");
    }

    static OpenApiInteractionValidator validator(String path) {
        String prefix = path.substring(0, path.indexOf('/', 1));
        String file = Map.of("/sellytics", "sellytics-token.yaml", "/shopware", "shopware-admin-token.yaml",
                "/commercelayer", "commercelayer-auth.yaml").get(prefix);
        return VALIDATORS.computeIfAbsent(prefix, p -> OpenApiInteractionValidator
                .createForSpecificationUrl(openapiDir().resolve(file).toUri().toString())
                .withBasePathOverride(p)
                // Keycloak's revoke answers 200 empty or 200 {"error":"invalid_token"}; OpenAPI 3.0 cannot say
                // "empty or JSON", so "response body missing" is waived for that 200 only.
                .withWhitelist(ValidationErrorsWhitelist.create().withRule("Keycloak revoke: 200 with an empty body",
                        WhitelistRules.allOf(WhitelistRules.messageHasKey("validation.response.body.missing"),
                                WhitelistRules.pathContainsSubstring("/protocol/openid-connect/revoke"),
                                WhitelistRules.responseStatusIs(200))))
                .build());
    }

    static SimpleRequest request(Exchange x) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(x.method()), x.path());
        x.requestHeaders().forEach(b::withHeader);
        if (!x.requestBody().isEmpty()) {
            b.withBody(x.requestBody());
        }
        return b.build();
    }

    static SimpleResponse response(Exchange x) {
        SimpleResponse.Builder b = new SimpleResponse.Builder(x.status());
        x.responseHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("date")) {
                b.withHeader(k, v);
            }
        });
        if (!x.body().isEmpty()) {
            b.withBody(x.body());
        }
        return b.build();
    }

    /** Validates the request (unless off-spec by design) and the response; fails with the report. */
    static void conforms(Exchange x, boolean requestOnSpec) {
        OpenApiInteractionValidator v = validator(x.path());
        ValidationReport req = v.validateRequest(request(x));
        if (requestOnSpec) {
            assertFalse(req.hasErrors(), () -> "request " + x.path() + ":\n" + SimpleValidationReportFormat.getInstance().apply(req));
        } else {
            assertTrue(req.hasErrors(), "the validator rejects the off-spec request this case sends on purpose");
        }
        ValidationReport res = v.validateResponse(x.path(), Request.Method.POST, response(x));
        assertFalse(res.hasErrors(), () -> "response " + x.status() + " " + x.path() + " " + x.body() + ":\n"
                + SimpleValidationReportFormat.getInstance().apply(res));
    }

    // ---------------------------------------------------------------- the cases

    /** A case: sends, checks status and error, and says whether its request is on spec. */
    interface Case {
        Exchange run();
    }

    record Row(Case send, int status, String error, boolean requestOnSpec) {
    }

    static Named<Row> row(String name, int status, String error, Case send) {
        return Named.of(name, new Row(send, status, error, true));
    }

    static Named<Row> offSpec(String name, int status, String error, Case send) {
        return Named.of(name + " (off-spec request)", new Row(send, status, error, false));
    }

    static final String KC = "/sellytics/realms/" + DemoCredentials.SELLYTICS_REALM + "/protocol/openid-connect";
    static final String SW = "/shopware/api/oauth/token";
    static final String CL = "/commercelayer/oauth/token";
    static final String CL_REVOKE = "/commercelayer/oauth/revoke";

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static String kcToken() {
        return form(KC + "/token", "grant_type", "client_credentials", "client_id", DemoCredentials.SELLYTICS_CLIENT_ID,
                "client_secret", DemoCredentials.SELLYTICS_CLIENT_SECRET, "scope", DemoCredentials.SELLYTICS_SCOPE).field("access_token");
    }

    static String swRefreshToken() {
        return json(SW, "grant_type", "password", "client_id", "administration", "username", DemoCredentials.SHOPWARE_ADMIN_USERNAME,
                "password", DemoCredentials.SHOPWARE_ADMIN_PASSWORD, "scopes", "write").field("refresh_token");
    }

    static Exchange clCustomer(String password) {
        return json(CL, "grant_type", "password", "client_id", DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                "username", DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL, "password", password,
                "scope", "market:id:" + DemoCredentials.COMMERCELAYER_MARKET_ID);
    }

    static String code() {
        return emulator.issueAuthorizationCode(DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID, DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL);
    }

    static String assertion(String sub) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"RS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(("{\"sub\":\"" + sub + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    static Stream<Named<Row>> cases() {
        String kcId = DemoCredentials.SELLYTICS_CLIENT_ID;
        String kcSecret = DemoCredentials.SELLYTICS_CLIENT_SECRET;
        String webapp = DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID;
        String webappSecret = DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET;
        return Stream.of(
                // sellytics / Keycloak
                row("sellytics client_credentials, form fields → 200 Bearer", 200, null, () -> form(KC + "/token",
                        "grant_type", "client_credentials", "client_id", kcId, "client_secret", kcSecret, "scope", "sellytics-data-api")),
                row("sellytics client_credentials, HTTP Basic → 200 Bearer", 200, null, () -> post(emulator, KC + "/token",
                        "application/x-www-form-urlencoded", formBody("grant_type", "client_credentials", "scope", "sellytics-data-api"),
                        "Authorization", basic(kcId, kcSecret))),
                row("sellytics wrong secret → 401 unauthorized_client", 401, "unauthorized_client", () -> form(KC + "/token",
                        "grant_type", "client_credentials", "client_id", kcId, "client_secret", "wrong")),
                row("sellytics unknown client → 401 invalid_client", 401, "invalid_client", () -> form(KC + "/token",
                        "grant_type", "client_credentials", "client_id", "nobody", "client_secret", "x")),
                row("sellytics no client_id → 400 invalid_client", 400, "invalid_client", () -> form(KC + "/token",
                        "grant_type", "client_credentials")),
                row("sellytics unknown scope → 400 invalid_scope", 400, "invalid_scope", () -> form(KC + "/token",
                        "grant_type", "client_credentials", "client_id", kcId, "client_secret", kcSecret, "scope", "nope")),
                offSpec("sellytics JSON body → 400 invalid_request 'Missing form parameter: grant_type'", 400, "invalid_request",
                        () -> post(emulator, KC + "/token", "application/json", jsonBody("grant_type", "client_credentials"))),
                offSpec("sellytics grant_type password → 400 unsupported_grant_type or unauthorized_client", 400, null,
                        () -> form(KC + "/token", "grant_type", "password", "client_id", kcId, "client_secret", kcSecret,
                                "username", "u", "password", "p")),
                offSpec("sellytics bad refresh token → 400 invalid_grant", 400, "invalid_grant", () -> form(KC + "/token",
                        "grant_type", "refresh_token", "client_id", kcId, "client_secret", kcSecret, "refresh_token", "garbage")),
                row("sellytics revoke an issued token → 200 empty", 200, null, () -> form(KC + "/revoke",
                        "client_id", kcId, "client_secret", kcSecret, "token", kcToken())),
                row("sellytics revoke garbage → 200 {\"error\":\"invalid_token\"}", 200, "invalid_token", () -> form(KC + "/revoke",
                        "client_id", kcId, "client_secret", kcSecret, "token", "garbage")),
                offSpec("sellytics revoke without token → 400 invalid_request", 400, "invalid_request", () -> form(KC + "/revoke",
                        "client_id", kcId, "client_secret", kcSecret)),
                row("sellytics revoke with a wrong secret → 401 invalid_client or unauthorized_client", 401, null,
                        () -> form(KC + "/revoke", "client_id", kcId, "client_secret", "wrong", "token", "t")),
                // Shopware
                row("Shopware integration client_credentials → 200", 200, null, () -> json(SW, "grant_type", "client_credentials",
                        "client_id", DemoCredentials.SHOPWARE_ACCESS_KEY_ID, "client_secret", DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY)),
                row("Shopware admin password → 200 with refresh_token", 200, null, () -> json(SW, "grant_type", "password",
                        "client_id", "administration", "username", DemoCredentials.SHOPWARE_ADMIN_USERNAME,
                        "password", DemoCredentials.SHOPWARE_ADMIN_PASSWORD, "scopes", "write")),
                row("Shopware refresh_token → 200, rotated", 200, null, () -> json(SW, "grant_type", "refresh_token",
                        "client_id", "administration", "refresh_token", swRefreshToken())),
                row("Shopware reused refresh token → 401 code 8", 401, "8", () -> {
                    String rt = swRefreshToken();
                    json(SW, "grant_type", "refresh_token", "client_id", "administration", "refresh_token", rt);
                    return json(SW, "grant_type", "refresh_token", "client_id", "administration", "refresh_token", rt);
                }),
                row("Shopware wrong user password → 400 code 6", 400, "6", () -> json(SW, "grant_type", "password",
                        "client_id", "administration", "username", DemoCredentials.SHOPWARE_ADMIN_USERNAME, "password", "wrong")),
                row("Shopware wrong secret → 401 code 4", 401, "4", () -> json(SW, "grant_type", "client_credentials",
                        "client_id", DemoCredentials.SHOPWARE_ACCESS_KEY_ID, "client_secret", "wrong")),
                row("Shopware missing username → 400 code 3", 400, "3", () -> json(SW, "grant_type", "password",
                        "client_id", "administration", "password", "x")),
                row("Shopware key without SWIA/SWUA → 500 FRAMEWORK__API_INVALID_ACCESS_KEY", 500, "FRAMEWORK__API_INVALID_ACCESS_KEY",
                        () -> json(SW, "grant_type", "client_credentials", "client_id", "no-prefix", "client_secret", "x")),
                offSpec("Shopware unsupported grant → 400 code 2", 400, "2", () -> json(SW, "grant_type", "magic", "client_id", "administration")),
                offSpec("Shopware malformed JSON → 400", 400, null, () -> post(emulator, SW, "application/json", "{\"grant_type\":")),
                row("Shopware login throttle → 429 FRAMEWORK__AUTH_THROTTLED with meta.parameters.seconds", 429, "FRAMEWORK__AUTH_THROTTLED", () -> {
                    for (int i = 0; i < 2; i++) {
                        json(SW, "grant_type", "password", "client_id", "administration", "username", THROTTLED, "password", "wrong");
                    }
                    return json(SW, "grant_type", "password", "client_id", "administration", "username", THROTTLED,
                            "password", "throttled-password-1");
                }),
                // Commerce Layer
                row("Commerce Layer sales channel client_credentials (no secret, market scope) → 200", 200, null, () -> json(CL,
                        "grant_type", "client_credentials", "client_id", DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                        "scope", "market:id:" + DemoCredentials.COMMERCELAYER_MARKET_ID)),
                row("Commerce Layer integration client_credentials → 200", 200, null, () -> json(CL, "grant_type", "client_credentials",
                        "client_id", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID,
                        "client_secret", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET)),
                row("Commerce Layer customer password → 200 with refresh_token, owner", 200, null,
                        () -> clCustomer(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD)),
                row("Commerce Layer refresh_token → 200", 200, null, () -> json(CL, "grant_type", "refresh_token",
                        "client_id", DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                        "refresh_token", clCustomer(DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD).field("refresh_token"),
                        "scope", "market:id:" + DemoCredentials.COMMERCELAYER_MARKET_ID)),
                row("Commerce Layer authorization_code → 200", 200, null, () -> json(CL, "grant_type", "authorization_code",
                        "client_id", webapp, "client_secret", webappSecret, "code", code(),
                        "redirect_uri", DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI)),
                row("Commerce Layer JWT bearer → 200", 200, null, () -> json(CL, "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                        "client_id", webapp, "client_secret", webappSecret, "assertion", assertion(DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL))),
                row("Commerce Layer unknown client → 401 invalid_client", 401, "invalid_client", () -> json(CL,
                        "grant_type", "client_credentials", "client_id", "nobody", "client_secret", "x")),
                row("Commerce Layer wrong secret → 401 invalid_client", 401, "invalid_client", () -> json(CL,
                        "grant_type", "client_credentials", "client_id", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID, "client_secret", "wrong")),
                row("Commerce Layer wrong customer password → 401 invalid_grant", 401, "invalid_grant", () -> clCustomer("wrong")),
                row("Commerce Layer code used twice → 401 invalid_grant", 401, "invalid_grant", () -> {
                    String c = code();
                    json(CL, "grant_type", "authorization_code", "client_id", webapp, "client_secret", webappSecret, "code", c,
                            "redirect_uri", DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI);
                    return json(CL, "grant_type", "authorization_code", "client_id", webapp, "client_secret", webappSecret, "code", c,
                            "redirect_uri", DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI);
                }),
                row("Commerce Layer unknown market → 400 invalid_scope", 400, "invalid_scope", () -> json(CL,
                        "grant_type", "client_credentials", "client_id", DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                        "scope", "market:id:NoSuchMkt1")),
                row("Commerce Layer sales channel without a market → 400 invalid_scope", 400, "invalid_scope", () -> json(CL,
                        "grant_type", "client_credentials", "client_id", DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                        "scope", "store:code:none-here")),
                offSpec("Commerce Layer unsupported grant → 400 unsupported_grant_type", 400, "unsupported_grant_type",
                        () -> json(CL, "grant_type", "magic", "client_id", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID)),
                row("Commerce Layer revoke → 200 {}", 200, null, () -> json(CL_REVOKE, "client_id", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID,
                        "client_secret", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET, "token", "some-token")),
                row("Commerce Layer revoke with a wrong secret → 401 invalid_client", 401, "invalid_client", () -> json(CL_REVOKE,
                        "client_id", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID, "client_secret", "wrong", "token", "t")),
                row("Commerce Layer over 1 request/minute → 429 with X-Ratelimit-* and Retry-After", 429, "TOO_MANY_REQUESTS", () -> {
                    String body = jsonBody("grant_type", "client_credentials", "client_id", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID,
                            "client_secret", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET);
                    post(limited, CL, "application/json", body);
                    Exchange x = post(limited, CL, "application/json", body);
                    assertTrue(x.responseHeaders().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("retry-after")), "Retry-After");
                    assertTrue(x.responseHeaders().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("x-ratelimit-remaining")), "X-Ratelimit-Remaining");
                    return x;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answerMatchesTheSpec(Row row) {
        Exchange x = row.send().run();
        assertEquals(row.status(), x.status(), () -> "status of " + x.path() + ": " + x.body());
        if (row.error() != null) {
            assertTrue(x.body().contains("\"" + row.error() + "\""), () -> "error " + row.error() + " in " + x.body());
        }
        conforms(x, row.requestOnSpec());
    }

    @Test
    void theValidatorRejectsAnAnswerTheSpecForbids() {
        // a Shopware error whose status is a number (Commerce Layer style) is not a Shopware error
        ValidationReport r = validator(SW).validateResponse(SW, Request.Method.POST, SimpleResponse.Builder.unauthorized()
                .withContentType("application/json").withBody("{\"errors\":[{\"code\":\"4\",\"status\":401}]}").build());
        assertTrue(r.hasErrors(), SimpleValidationReportFormat.getInstance().apply(r));
    }
}
