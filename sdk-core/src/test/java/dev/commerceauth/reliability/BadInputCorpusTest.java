package dev.commerceauth.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * <h2>Bad input corpus: the worst a token endpoint (or what stands in front of it) can answer</h2>
 *
 * Each case is one line: <em>provider: what the server answers → what the SDK must do</em>. The
 * answer is served by a {@link MockWebServer} to the real provider client (read timeout 1 s, call
 * timeout 4 s). Every case asserts
 * <ul>
 *   <li>the exact exception type (and status / flags where the line names them): {@value #TYPED_EXCEPTIONS}
 *       cases; or, in {@value #TOLERANT_PARSES} cases, the documented
 *       tolerant parse ({@code → token}: expiry from the JWT {@code exp} or the provider's default
 *       lifetime when {@code expires_in} is absent; lower-case {@code bearer}; Latin-1 bytes in an
 *       error description);</li>
 *   <li>a message a user can act on: it names the provider and the line's keyword;</li>
 *   <li>no client secret, password, access or refresh token of the case in the message, the cause
 *       chain or {@code toString()} (several answers echo them on purpose);</li>
 *   <li>the call returned within the configured timeouts (checked preemptively with a generous
 *       {@value #NO_HANG_SECONDS} s bound: the point is "no hang", not speed);</li>
 *   <li>the request the SDK sent is valid against its provider's spec in {@code openapi/} (the answers
 *       are off-spec on purpose and are not validated), in every case but the
 *       {@value #REQUESTS_NOT_VALIDATED} whose answer closes the connection before the request is read
 *       or throttles its reading.</li>
 * </ul>
 * {@link #tallyOfOutcomesMatchesTheDocumentation()} counts the table, so the numbers here and in the
 * package description cannot drift.
 */
class BadInputCorpusTest {

    static final int NO_HANG_SECONDS = 10;
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String CLIENT_SECRET = "Corpus-Client-Secret-3e1f";
    static final String PASSWORD = "Corpus-Passw0rd-77aa";
    static final String REFRESH = "Corpus-Refresh-5b5b";
    static final String ACCESS = jwt("{\"sub\":\"corpus\"}") + "Corpus-Access-Sig-91c4";
    static final List<String> SECRETS = List.of(CLIENT_SECRET, PASSWORD, REFRESH, ACCESS, "Corpus-Access-Sig-91c4");

    enum P {
        SELLYTICS("sellytics"), SHOPWARE("Shopware"), COMMERCE_LAYER("Commerce Layer");

        final String displayName;

        P(String displayName) {
            this.displayName = displayName;
        }
    }

    /** What the server answers, given the "elsewhere" server a redirect may point at. */
    @FunctionalInterface
    interface Answer extends Function<MockWebServer, MockResponse> {
    }

    /** One row of the table. */
    static final class Case {
        final String name;
        final P provider;
        final Answer answer;
        final Class<?> expected;
        final String mentions;
        final Consumer<Object> check;

        Case(String name, P provider, Answer answer, Class<?> expected, String mentions, Consumer<Object> check) {
            this.name = name;
            this.provider = provider;
            this.answer = answer;
            this.expected = expected;
            this.mentions = mentions;
            this.check = check;
        }
    }

    private MockWebServer server;
    private MockWebServer elsewhere;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        elsewhere = new MockWebServer();
        elsewhere.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
        elsewhere.shutdown();
    }

    // ---------------------------------------------------------------- the table

    static Stream<Named<Case>> cases() {
        return Stream.of(
                // empty, HTML, not JSON
                fails("sellytics: 200 with an empty body → InvalidResponseException(200)", P.SELLYTICS,
                        e -> new MockResponse().setResponseCode(200), InvalidResponseException.class, "without a body", status(200)),
                fails("Shopware: 200 with an empty body → InvalidResponseException(200)", P.SHOPWARE,
                        e -> new MockResponse().setResponseCode(200), InvalidResponseException.class, "without a body", status(200)),
                fails("Commerce Layer: 200 with an empty body → InvalidResponseException(200)", P.COMMERCE_LAYER,
                        e -> new MockResponse().setResponseCode(200), InvalidResponseException.class, "without a body", status(200)),
                fails("sellytics: HTML login page with 200 → InvalidResponseException(200) naming the HTML page", P.SELLYTICS,
                        e -> html(200), InvalidResponseException.class, "HTML", status(200)),
                fails("sellytics: HTML error page with 502 → InvalidResponseException(502), retryable", P.SELLYTICS,
                        e -> html(502), InvalidResponseException.class, "502", status(502).andThen(retryable(true))),
                fails("Shopware: HTML error page with 502 → InvalidResponseException(502), retryable", P.SHOPWARE,
                        e -> html(502), InvalidResponseException.class, "502", status(502).andThen(retryable(true))),
                fails("Commerce Layer: HTML error page with 503 → InvalidResponseException(503), retryable", P.COMMERCE_LAYER,
                        e -> html(503), InvalidResponseException.class, "503", status(503).andThen(retryable(true))),
                fails("sellytics: HTML 404 page → InvalidResponseException(404) saying to check the endpoint URL", P.SELLYTICS,
                        e -> html(404), InvalidResponseException.class, "endpoint URL", status(404).andThen(retryable(false))),
                fails("sellytics: truncated JSON with 200 → InvalidResponseException(200)", P.SELLYTICS,
                        e -> json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_ty"), InvalidResponseException.class, "not a JSON object", status(200)),
                fails("Commerce Layer: truncated JSON with 200 → InvalidResponseException(200)", P.COMMERCE_LAYER,
                        e -> json(200, "{\"access_token\":\"" + ACCESS), InvalidResponseException.class, "not a JSON object", status(200)),
                fails("sellytics: a JSON array with 200 → InvalidResponseException(200)", P.SELLYTICS,
                        e -> json(200, "[" + ok(600) + "]"), InvalidResponseException.class, "not a JSON object", status(200)),
                fails("Shopware: a JSON string with 200 → InvalidResponseException(200)", P.SHOPWARE,
                        e -> json(200, "\"" + ACCESS + "\""), InvalidResponseException.class, "not a JSON object", status(200)),
                // wrong types and missing fields
                fails("sellytics: expires_in \"soon\" → InvalidResponseException", P.SELLYTICS,
                        e -> json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}"),
                        InvalidResponseException.class, "token response format", null),
                fails("Commerce Layer: expires_in \"soon\" → InvalidResponseException", P.COMMERCE_LAYER,
                        e -> json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"bearer\",\"expires_in\":\"soon\"}"),
                        InvalidResponseException.class, "token response format", null),
                fails("sellytics: access_token 42 (a number) → InvalidResponseException", P.SELLYTICS,
                        e -> json(200, "{\"access_token\":42,\"token_type\":\"Bearer\",\"expires_in\":600}"),
                        InvalidResponseException.class, "access_token", null),
                fails("Shopware: access_token is an object → InvalidResponseException", P.SHOPWARE,
                        e -> json(200, "{\"access_token\":{\"v\":\"" + ACCESS + "\"},\"token_type\":\"Bearer\",\"expires_in\":600}"),
                        InvalidResponseException.class, "token response format", null),
                fails("sellytics: no access_token → InvalidResponseException", P.SELLYTICS,
                        e -> json(200, "{\"token_type\":\"Bearer\",\"expires_in\":600}"), InvalidResponseException.class, "without an access_token", null),
                fails("Shopware: no access_token → InvalidResponseException", P.SHOPWARE,
                        e -> json(200, "{\"token_type\":\"Bearer\",\"expires_in\":600,\"refresh_token\":\"" + REFRESH + "\"}"),
                        InvalidResponseException.class, "without an access_token", null),
                fails("Commerce Layer: blank access_token → InvalidResponseException", P.COMMERCE_LAYER,
                        e -> json(200, "{\"access_token\":\"  \",\"token_type\":\"bearer\",\"expires_in\":7200}"),
                        InvalidResponseException.class, "without an access_token", null),
                fails("sellytics: token_type \"mac\" → InvalidResponseException naming the type", P.SELLYTICS,
                        e -> json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"mac\",\"expires_in\":600}"),
                        InvalidResponseException.class, "'mac'", null),
                fails("Commerce Layer: no token_type → InvalidResponseException", P.COMMERCE_LAYER,
                        e -> json(200, "{\"access_token\":\"" + ACCESS + "\",\"expires_in\":7200}"), InvalidResponseException.class, "Bearer", null),
                parses("sellytics: token_type \"bearer\" in lower case → token (case-insensitive)", P.SELLYTICS,
                        e -> json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"bearer\",\"expires_in\":600}"),
                        t -> assertEquals(NOW.plusSeconds(600), t.expiresAt())),
                // expires_in edge values
                fails("sellytics: expires_in -5 → InvalidResponseException (absurd expires_in)", P.SELLYTICS,
                        e -> json(200, ok(-5)), InvalidResponseException.class, "expires_in", null),
                fails("Shopware: expires_in 0 → InvalidResponseException (absurd expires_in)", P.SHOPWARE,
                        e -> json(200, ok(0)), InvalidResponseException.class, "expires_in", null),
                fails("Commerce Layer: expires_in of 11 years → InvalidResponseException (absurd expires_in)", P.COMMERCE_LAYER,
                        e -> json(200, ok(11L * 365 * 24 * 3600)), InvalidResponseException.class, "expires_in", null),
                parses("sellytics: expires_in absent, opaque token → token living Keycloak's default 300 s", P.SELLYTICS,
                        e -> json(200, "{\"access_token\":\"opaque-Corpus-Access-Sig-91c4\",\"token_type\":\"Bearer\"}"),
                        t -> assertEquals(NOW.plus(SellyticsAuth.DEFAULT_LIFETIME), t.expiresAt())),
                parses("Shopware: expires_in absent, opaque token → token living Shopware's default 600 s", P.SHOPWARE,
                        e -> json(200, "{\"access_token\":\"opaque-Corpus-Access-Sig-91c4\",\"token_type\":\"Bearer\"}"),
                        t -> assertEquals(NOW.plus(ShopwareAuth.DEFAULT_LIFETIME), t.expiresAt())),
                parses("Commerce Layer: expires_in absent, JWT with exp in 1 h → token expiring at exp", P.COMMERCE_LAYER,
                        e -> json(200, "{\"access_token\":\"" + jwt("{\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}")
                                + "Corpus-Access-Sig-91c4\",\"token_type\":\"bearer\"}"),
                        t -> assertEquals(NOW.plusSeconds(3600), t.expiresAt())),
                fails("Commerce Layer: expires_in absent, JWT exp in the past → InvalidResponseException", P.COMMERCE_LAYER,
                        e -> json(200, "{\"access_token\":\"" + jwt("{\"exp\":" + NOW.minusSeconds(60).getEpochSecond() + "}")
                                + "Corpus-Access-Sig-91c4\",\"token_type\":\"bearer\"}"),
                        InvalidResponseException.class, "exp", null),
                // size, speed, encoding
                fails("sellytics: 2 MiB body with Content-Length → InvalidResponseException (over the 1 MiB cap)", P.SELLYTICS,
                        e -> json(200, padded(2 * 1024 * 1024)), InvalidResponseException.class, "larger than", status(200)),
                fails("Shopware: 2 MiB chunked error body, no length → InvalidResponseException (over the 1 MiB cap)", P.SHOPWARE,
                        e -> new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
                                .setChunkedBody(padded(2 * 1024 * 1024), 64 * 1024), InvalidResponseException.class, "larger than", status(500)),
                fails("Commerce Layer: gzip bomb (64 KiB expanding to 64 MiB of zeros) → InvalidResponseException, no OOM", P.COMMERCE_LAYER,
                        e -> gzipBomb(), InvalidResponseException.class, "larger than", status(200)),
                fails("sellytics: body trickling 1 byte / 2 s (read timeout 1 s) → TransportException(timeout)", P.SELLYTICS,
                        e -> json(200, ok(600)).throttleBody(1, 2, TimeUnit.SECONDS), TransportException.class, "Timed out", timeout(true)),
                fails("Commerce Layer: headers delayed 3 s (read timeout 1 s) → TransportException(timeout)", P.COMMERCE_LAYER,
                        e -> json(200, ok(600)).setHeadersDelay(3, TimeUnit.SECONDS), TransportException.class, "Timed out", timeout(true)),
                fails("Shopware: connection closed before any answer → TransportException, not a timeout", P.SHOPWARE,
                        e -> new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START), TransportException.class,
                        "Could not reach", timeout(false)),
                fails("sellytics: connection cut in the middle of the body → TransportException", P.SELLYTICS,
                        e -> json(200, ok(600) + padded(64 * 1024)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY),
                        TransportException.class, "sellytics", null),
                fails("Shopware: non-UTF-8 bytes inside the access_token → InvalidResponseException", P.SHOPWARE,
                        e -> bytes(200, "{\"access_token\":\"tok", new byte[] {(byte) 0xff, (byte) 0xfe},
                                "\",\"token_type\":\"Bearer\",\"expires_in\":600}"), InvalidResponseException.class, "access_token", null),
                parses("sellytics: Latin-1 bytes in a 200's scope → token (undecodable bytes replaced, token intact)", P.SELLYTICS,
                        e -> bytes(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\",\"expires_in\":600,\"scope\":\"caf",
                                new byte[] {(byte) 0xe9}, "\"}"), t -> assertEquals(ACCESS, t.value())),
                fails("Shopware: Latin-1 bytes in an error detail → OAuthErrorException (tolerant decode)", P.SHOPWARE,
                        e -> bytes(400, "{\"errors\":[{\"code\":\"6\",\"status\":\"400\",\"title\":\"caf", new byte[] {(byte) 0xe9},
                                "\",\"detail\":null}]}"), OAuthErrorException.class, "Shopware", error("invalid_grant")),
                parses("sellytics: duplicate access_token keys → token with the last value (Gson's rule, documented tolerant parse)", P.SELLYTICS,
                        e -> json(200, "{\"access_token\":\"first-Corpus-Access-Sig-91c4\",\"access_token\":\"second-token\","
                                + "\"token_type\":\"Bearer\",\"expires_in\":600}"), t -> assertEquals("second-token", t.value())),
                // error dialects with missing fields
                fails("sellytics: Keycloak error without error_description → OAuthErrorException(401 invalid_client)", P.SELLYTICS,
                        e -> json(401, "{\"error\":\"invalid_client\"}"), OAuthErrorException.class, "client credentials",
                        status(401).andThen(error("invalid_client"))),
                fails("sellytics: Keycloak error_description without error → InvalidResponseException(400)", P.SELLYTICS,
                        e -> json(400, "{\"error_description\":\"Missing form parameter\"}"), InvalidResponseException.class, "400", status(400)),
                fails("sellytics: {} with 400 → InvalidResponseException(400)", P.SELLYTICS,
                        e -> json(400, "{}"), InvalidResponseException.class, "not an OAuth error", status(400)),
                fails("sellytics: 403 access_denied (realm disabled) → OAuthErrorException(403 access_denied)", P.SELLYTICS,
                        e -> json(403, "{\"error\":\"access_denied\",\"error_description\":\"Realm not enabled\"}"), OAuthErrorException.class,
                        "denied", status(403).andThen(error("access_denied"))),
                fails("sellytics: error_description echoing the client secret → OAuthErrorException, secret redacted", P.SELLYTICS,
                        e -> json(401, "{\"error\":\"unauthorized_client\",\"error_description\":\"bad secret " + CLIENT_SECRET + "\"}"),
                        OAuthErrorException.class, "client credentials", error("unauthorized_client").andThen(noSecretInBody())),
                fails("Shopware: errors [] (empty) with 400 → InvalidResponseException(400)", P.SHOPWARE,
                        e -> json(400, "{\"errors\":[]}"), InvalidResponseException.class, "400", status(400)),
                fails("Shopware: error with only a status → OAuthErrorException(401 invalid_request)", P.SHOPWARE,
                        e -> json(401, "{\"errors\":[{\"status\":\"401\"}]}"), OAuthErrorException.class, "401",
                        status(401).andThen(error("invalid_request"))),
                fails("Shopware: error with only code \"4\" → OAuthErrorException(invalid_client)", P.SHOPWARE,
                        e -> json(401, "{\"errors\":[{\"code\":\"4\"}]}"), OAuthErrorException.class, "client credentials", error("invalid_client")),
                fails("Shopware: errors as one object, code \"8\" → OAuthErrorException(invalid_grant)", P.SHOPWARE,
                        e -> json(401, "{\"errors\":{\"code\":\"8\",\"status\":\"401\",\"title\":\"The refresh token is invalid.\"}}"),
                        OAuthErrorException.class, "rejected the grant", error("invalid_grant")),
                fails("Shopware: 500 FRAMEWORK__API_INVALID_ACCESS_KEY → OAuthErrorException(invalid_client), not retryable", P.SHOPWARE,
                        e -> json(500, "{\"errors\":[{\"code\":\"FRAMEWORK__API_INVALID_ACCESS_KEY\",\"status\":\"500\",\"title\":\"Internal Server Error\"}]}"),
                        OAuthErrorException.class, "client credentials", error("invalid_client").andThen(retryable(false))),
                fails("Shopware: 429 throttled with meta.parameters.seconds 10 → RateLimitedException(wait 10 s)", P.SHOPWARE,
                        e -> json(429, "{\"errors\":[{\"status\":\"429\",\"code\":\"FRAMEWORK__AUTH_THROTTLED\",\"title\":\"Too Many Requests\","
                                + "\"detail\":\"Auth throttled for 10 seconds.\",\"meta\":{\"parameters\":{\"seconds\":10}}}]}"),
                        RateLimitedException.class, "10 seconds", waits(Duration.ofSeconds(10))),
                fails("Shopware: 429 throttled without meta → RateLimitedException(no wait known)", P.SHOPWARE,
                        e -> json(429, "{\"errors\":[{\"status\":\"429\",\"code\":\"FRAMEWORK__AUTH_THROTTLED\"}]}"),
                        RateLimitedException.class, "Slow down", waits(null)),
                fails("Commerce Layer: errors as one object (not an array) → OAuthErrorException(401 invalid_client)", P.COMMERCE_LAYER,
                        e -> json(401, "{\"errors\":{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_client\",\"status\":401}}"),
                        OAuthErrorException.class, "client credentials", status(401).andThen(error("invalid_client"))),
                fails("Commerce Layer: error with only code UNAUTHORIZED → OAuthErrorException(invalid_client)", P.COMMERCE_LAYER,
                        e -> json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}"), OAuthErrorException.class, "client credentials", error("invalid_client")),
                fails("Commerce Layer: error with only title invalid_grant → OAuthErrorException(invalid_grant)", P.COMMERCE_LAYER,
                        e -> json(401, "{\"errors\":[{\"title\":\"invalid_grant\"}]}"), OAuthErrorException.class, "rejected the grant", error("invalid_grant")),
                fails("Commerce Layer: 429 with Retry-After 42 → RateLimitedException(wait 42 s)", P.COMMERCE_LAYER,
                        e -> clTooMany().setHeader("Retry-After", "42"), RateLimitedException.class, "42 seconds", waits(Duration.ofSeconds(42))),
                fails("Commerce Layer: 429 with Retry-After as an HTTP date 30 s ahead → RateLimitedException(wait 30 s)", P.COMMERCE_LAYER,
                        e -> clTooMany().setHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC))),
                        RateLimitedException.class, "30 seconds", waits(Duration.ofSeconds(30))),
                fails("Commerce Layer: 429 with X-Ratelimit-Remaining 0, no Retry-After → RateLimitedException(wait = interval 60 s)", P.COMMERCE_LAYER,
                        e -> clTooMany().setHeader("X-Ratelimit-Limit", "30").setHeader("X-Ratelimit-Interval", "60")
                                .setHeader("X-Ratelimit-Remaining", "0"), RateLimitedException.class, "60 seconds", waits(Duration.ofSeconds(60))),
                fails("Commerce Layer: 429 with an empty body → RateLimitedException(no wait known)", P.COMMERCE_LAYER,
                        e -> new MockResponse().setResponseCode(429), RateLimitedException.class, "429", waits(null)),
                // 200 carrying an error, redirects, 401 challenges
                fails("sellytics: 200 carrying a Keycloak error → OAuthErrorException(200 invalid_client)", P.SELLYTICS,
                        e -> json(200, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client\"}"), OAuthErrorException.class,
                        "client credentials", status(200).andThen(error("invalid_client"))),
                fails("Shopware: 200 carrying errors[] → OAuthErrorException(200)", P.SHOPWARE,
                        e -> json(200, "{\"errors\":[{\"code\":\"6\",\"status\":\"400\",\"title\":\"The user credentials were incorrect.\"}]}"),
                        OAuthErrorException.class, "rejected the grant", status(200).andThen(error("invalid_grant"))),
                fails("Commerce Layer: 200 carrying errors[] → OAuthErrorException(200)", P.COMMERCE_LAYER,
                        e -> json(200, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_client\",\"status\":401}]}"),
                        OAuthErrorException.class, "client credentials", status(200).andThen(error("invalid_client"))),
                fails("sellytics: 302 to another host → InvalidResponseException(302) naming Location; the other host gets 0 requests", P.SELLYTICS,
                        e -> new MockResponse().setResponseCode(302).setHeader("Location",
                                e.url("/realms/r/protocol/openid-connect/token")), InvalidResponseException.class, "redirect", status(302)),
                fails("Commerce Layer: 307 to another host with a secret in the query → InvalidResponseException(307), query omitted", P.COMMERCE_LAYER,
                        e -> new MockResponse().setResponseCode(307).setHeader("Location",
                                e.url("/oauth/token?client_secret=" + CLIENT_SECRET)), InvalidResponseException.class, "query omitted", status(307)),
                fails("Shopware: 301 to another host → InvalidResponseException(301); the other host gets 0 requests", P.SHOPWARE,
                        e -> new MockResponse().setResponseCode(301).setHeader("Location", e.url("/api/oauth/token")),
                        InvalidResponseException.class, "Redirects are never followed", status(301)),
                fails("sellytics: 401 with WWW-Authenticate and no body → InvalidResponseException(401), no auth retry", P.SELLYTICS,
                        e -> new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", "Basic realm=\"sellytics\""),
                        InvalidResponseException.class, "401", status(401)),
                fails("Commerce Layer: 401 with WWW-Authenticate Bearer and a CL error → OAuthErrorException(401 invalid_client), no auth retry",
                        P.COMMERCE_LAYER, e -> json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"title\":\"invalid_client\",\"status\":401}]}")
                                .setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""),
                        OAuthErrorException.class, "client credentials", status(401).andThen(error("invalid_client"))));
    }

    // ---------------------------------------------------------------- the tally

    /** The cases ending in a typed exception and in a documented tolerant parse; package-info says the same. */
    static final int TYPED_EXCEPTIONS = 61;
    static final int TOLERANT_PARSES = 6;
    /** Cases whose request MockWebServer does not read in full (closed at start; throttled): not validated. */
    static final int REQUESTS_NOT_VALIDATED = 2;

    @Test
    void tallyOfOutcomesMatchesTheDocumentation() throws IOException {
        List<Case> all = cases().map(Named::getPayload).collect(Collectors.toList());
        long parses = all.stream().filter(c -> c.expected == AccessToken.class).count();
        assertEquals(TOLERANT_PARSES, parses, "cases ending in a token (documented tolerant parse)");
        assertEquals(TYPED_EXCEPTIONS, all.size() - parses, "cases ending in a typed exception");
        long notReadInFull = all.stream().map(c -> c.answer.apply(elsewhere)).filter(a -> a.getSocketPolicy() == SocketPolicy.DISCONNECT_AT_START
                || a.getThrottleBytesPerPeriod() != Long.MAX_VALUE).count();
        assertEquals(REQUESTS_NOT_VALIDATED, notReadInFull, "cases whose request the server does not read in full");
        assertTrue(all.stream().filter(c -> c.expected != AccessToken.class)
                .allMatch(c -> dev.commerceauth.core.TokenException.class.isAssignableFrom(c.expected)),
                "every other case names a TokenException subtype");
        String doc = new String(Files.readAllBytes(Paths.get("src/test/java/dev/commerceauth/reliability/package-info.java")),
                StandardCharsets.UTF_8).replaceAll("\\n\\s*\\*", " ").replaceAll("\\s+", " ");
        String claim = (TYPED_EXCEPTIONS + TOLERANT_PARSES) + " named bad answers: " + TYPED_EXCEPTIONS
                + " end in the exact typed exception, " + TOLERANT_PARSES + " in a documented tolerant parse";
        String requests = "the request the SDK sends is validated against the provider's spec in " + (all.size() - REQUESTS_NOT_VALIDATED)
                + " of them";
        assertTrue(doc.contains(requests), "package-info says: " + requests);
        assertTrue(doc.contains(claim), "package-info says: " + claim);
    }

    // ---------------------------------------------------------------- the runner

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput(Case c) {
        try {
            run(c);
        } catch (AssertionError e) { // surefire's report shows the index only: name the case
            AssertionError named = new AssertionError("[" + c.name + "] " + e.getMessage(), e.getCause());
            named.setStackTrace(e.getStackTrace());
            throw named;
        }
    }

    private void run(Case c) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return c.answer.apply(elsewhere);
            }

            @Override
            public MockResponse peek() { // socket policies that act before the request is read
                return c.answer.apply(elsewhere);
            }
        });
        TokenClient client = client(c.provider);
        Grant grant = grant(c.provider);
        Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(NO_HANG_SECONDS), () -> {
            try {
                return client.requestToken(grant);
            } catch (RuntimeException e) {
                return e;
            }
        }, "the call must return within the configured timeouts");

        if (c.expected == AccessToken.class) {
            if (outcome instanceof Throwable) {
                throw new AssertionError("expected a token, got " + outcome, (Throwable) outcome);
            }
        } else if (!c.expected.equals(outcome.getClass())) {
            AssertionError e = new AssertionError("expected " + c.expected.getSimpleName() + ", got "
                    + (outcome instanceof Throwable ? outcome.getClass().getSimpleName() : "a token: " + outcome));
            if (outcome instanceof Throwable) {
                e.initCause((Throwable) outcome);
            }
            throw e;
        }
        if (outcome instanceof Throwable) {
            Throwable t = (Throwable) outcome;
            String message = t.getMessage();
            assertTrue(message != null && message.contains(c.provider.displayName), () -> "names the provider: " + message);
            assertTrue(message.contains(c.mentions), () -> "message mentions '" + c.mentions + "': " + message);
        }
        if (c.check != null) {
            c.check.accept(outcome);
        }
        assertNoSecret(outcome);
        assertEquals(0, elsewhere.getRequestCount(), "no request may reach another host");
        assertTrue(server.getRequestCount() <= 2, "at most one request and OkHttp's one connection retry");
        MockResponse answer = c.answer.apply(elsewhere);
        // MockWebServer reads nothing before closing at start, and throttles the request read like the response body
        boolean readInFull = answer.getSocketPolicy() != SocketPolicy.DISCONNECT_AT_START
                && answer.getThrottleBytesPerPeriod() == Long.MAX_VALUE;
        assertEquals(readInFull ? 1 : 0, assertRequestsMatchTheSpec(c.provider), "requests read in full and validated");
    }

    /**
     * The answers here are off-spec on purpose and are not validated; every request the SDK sent is, against
     * its provider's spec in {@code openapi/} (a request the server did not read in full cannot be). Returns how
     * many were validated.
     */
    private int assertRequestsMatchTheSpec(P p) {
        String prefix = p == P.SELLYTICS ? "/sellytics" : p == P.SHOPWARE ? "/shopware" : "/commercelayer";
        int read = 0;
        for (int i = server.getRequestCount(); i > 0; i--) {
            RecordedRequest recorded;
            try {
                recorded = server.takeRequest(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            assertTrue(recorded != null, "the recorded request");
            if (recorded.getRequestLine() == null) {
                continue; // closed before the request was read (DISCONNECT_AT_START)
            }
            read++;
            com.atlassian.oai.validator.report.ValidationReport report = ValidatingProxy.validateRecordedRequest(prefix, recorded);
            assertFalse(report.hasErrors(), () -> "the SDK's request does not match the spec:\n" + Specs.format(report));
        }
        return read;
    }

    static void assertNoSecret(Object outcome) {
        StringBuilder all = new StringBuilder(String.valueOf(outcome));
        if (outcome instanceof Throwable) {
            for (Throwable t = (Throwable) outcome; t != null; t = t.getCause()) {
                all.append('\n').append(t).append('\n').append(Arrays.toString(t.getStackTrace()));
            }
            if (outcome instanceof OAuthErrorException) {
                OAuthErrorException o = (OAuthErrorException) outcome;
                all.append(o.responseBody()).append(o.errorDescription().orElse("")).append(o.title().orElse(""));
            }
        }
        for (String secret : SECRETS) {
            if (all.indexOf(secret) >= 0) {
                fail("a secret of the case (" + secret.length() + " chars, starting '" + secret.substring(0, 4)
                        + "') appears in the outcome's message, cause chain or toString()");
            }
        }
    }

    private TokenClient client(P p) {
        Duration connect = Duration.ofSeconds(1);
        Duration read = Duration.ofSeconds(1);
        Duration call = Duration.ofSeconds(4);
        switch (p) {
            case SELLYTICS:
                return SellyticsAuth.builder().tokenUrl(server.url("/realms/r/protocol/openid-connect/token").toString())
                        .connectTimeout(connect).readTimeout(read).callTimeout(call).clock(CLOCK).build();
            case SHOPWARE:
                return ShopwareAuth.builder().shopUrl(server.url("/").toString())
                        .connectTimeout(connect).readTimeout(read).callTimeout(call).clock(CLOCK).build();
            default:
                return CommerceLayerAuth.builder().baseUrl(server.url("/").toString())
                        .connectTimeout(connect).readTimeout(read).callTimeout(call).clock(CLOCK).build();
        }
    }

    private static Grant grant(P p) {
        switch (p) {
            case SELLYTICS:
                return ClientCredentialsGrant.builder().clientId("corpus-client").clientSecret(CLIENT_SECRET)
                        .scope(SellyticsAuth.DATA_API_SCOPE).build();
            case SHOPWARE:
                return ShopwareAuth.passwordGrant("admin", PASSWORD);
            default:
                return ClientCredentialsGrant.builder().clientId("corpus-integration").clientSecret(CLIENT_SECRET).build();
        }
    }

    // ---------------------------------------------------------------- table helpers

    static Named<Case> fails(String name, P p, Answer answer, Class<? extends Throwable> type, String mentions,
            Consumer<Object> check) {
        return Named.of(name, new Case(name, p, answer, type, mentions, check));
    }

    static Named<Case> parses(String name, P p, Answer answer, Consumer<AccessToken> check) {
        return Named.of(name, new Case(name, p, answer, AccessToken.class, null, o -> check.accept((AccessToken) o)));
    }

    static Consumer<Object> status(int status) {
        return o -> {
            int actual = o instanceof OAuthErrorException ? ((OAuthErrorException) o).httpStatus()
                    : ((InvalidResponseException) o).httpStatus();
            assertEquals(status, actual, "HTTP status in the exception");
        };
    }

    static Consumer<Object> error(String error) {
        return o -> assertEquals(error, ((OAuthErrorException) o).error(), "OAuth error code");
    }

    static Consumer<Object> retryable(boolean retryable) {
        return o -> assertEquals(retryable, ((dev.commerceauth.core.TokenException) o).isRetryable(), "isRetryable()");
    }

    static Consumer<Object> timeout(boolean timeout) {
        return o -> assertEquals(timeout, ((TransportException) o).isTimeout(), "isTimeout()");
    }

    static Consumer<Object> waits(Duration wait) {
        return o -> assertEquals(java.util.Optional.ofNullable(wait), ((RateLimitedException) o).retryAfter(), "retryAfter()");
    }

    static Consumer<Object> noSecretInBody() {
        return o -> assertFalse(((OAuthErrorException) o).responseBody().contains(CLIENT_SECRET), "body redacted");
    }

    static String ok(long expiresIn) {
        return "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                + ",\"refresh_token\":\"" + REFRESH + "\"}";
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    static MockResponse html(int status) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<!DOCTYPE html><html><body><h1>Bad Gateway</h1><form><input name=password value=\"" + PASSWORD
                        + "\"></form></body></html>");
    }

    static MockResponse bytes(int status, String before, byte[] middle, String after) {
        Buffer b = new Buffer().writeUtf8(before).write(middle).writeUtf8(after);
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=utf-8").setBody(b);
    }

    static MockResponse clTooMany() {
        return json(429, "{\"errors\":[{\"code\":\"TOO_MANY_REQUESTS\",\"title\":\"Too many requests\",\"status\":429}]}");
    }

    static String padded(int size) {
        StringBuilder sb = new StringBuilder(size + 64).append("{\"access_token\":\"").append(ACCESS).append("\",\"pad\":\"");
        while (sb.length() < size) {
            sb.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
        return sb.append("\"}").toString();
    }

    static volatile byte[] bomb;

    static MockResponse gzipBomb() {
        if (bomb == null) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                    byte[] zeros = new byte[1024 * 1024];
                    for (int i = 0; i < 64; i++) {
                        gz.write(zeros);
                    }
                }
                bomb = out.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setHeader("Content-Encoding", "gzip").setBody(new Buffer().write(bomb));
    }

    static String jwt(String payload) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"RS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
