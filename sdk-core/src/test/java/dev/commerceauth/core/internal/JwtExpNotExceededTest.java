package dev.commerceauth.core.internal;

import static dev.commerceauth.testing.Fixtures.NOW;
import static dev.commerceauth.testing.Fixtures.json;
import static dev.commerceauth.testing.Fixtures.jwt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import dev.commerceauth.testing.LoopbackServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 item 12: with {@code expires_in}, the expiry is {@code sentAt + expires_in}, but never later than the
 * access token's own JWT {@code exp}. Keycloak truncates its issue time to the second ({@code exp = floor(now) +
 * lifespan}), so {@code sentAt + expires_in} could be up to a second late. The same rule as without
 * {@code expires_in} ({@link JwtExpiryClockSkewTest}): a stated lifetime from {@code sentAt}, bounded by
 * {@code exp}. Server time is {@code NOW}; the three providers' 200 shapes with {@code expires_in}, over real HTTP.
 */
class JwtExpNotExceededTest {

    private static final long SERVER_NOW = NOW.getEpochSecond();
    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("SWIAKEY").clientSecret("secret-access-key").build();

    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    /** Provider name, client factory (server, local clock) and its 200 body around a token and expires_in. */
    static Stream<Arguments> providers() {
        BiFunction<String, Long, String> keycloak = (t, in) -> "{\"access_token\":\"" + t + "\",\"expires_in\":" + in
                + ",\"refresh_expires_in\":0,\"token_type\":\"Bearer\",\"not-before-policy\":0,\"scope\":\"profile\"}";
        BiFunction<String, Long, String> shopware = (t, in) -> "{\"token_type\":\"Bearer\",\"expires_in\":" + in
                + ",\"access_token\":\"" + t + "\"}";
        BiFunction<String, Long, String> commerceLayer = (t, in) -> "{\"access_token\":\"" + t + "\",\"token_type\":\"bearer\","
                + "\"expires_in\":" + in + ",\"scope\":\"market:all\",\"created_at\":" + SERVER_NOW + "}";
        return Stream.of(
                Arguments.of("sellytics", (ClientFactory) (s, c) -> SellyticsAuth.builder()
                        .tokenUrl(s.url("/realms/r/protocol/openid-connect/token").toString()).clock(c).build(), keycloak),
                Arguments.of("shopware", (ClientFactory) (s, c) -> ShopwareAuth.builder()
                        .shopUrl(s.url("/").toString()).clock(c).build(), shopware),
                Arguments.of("commercelayer", (ClientFactory) (s, c) -> CommerceLayerAuth.builder()
                        .baseUrl(s.url("/").toString()).clock(c).build(), commerceLayer));
    }

    interface ClientFactory {
        TokenClient create(MockWebServer server, Clock clock);
    }

    private AccessToken request(ClientFactory factory, BiFunction<String, Long, String> shape, Duration local,
            String token, long expiresIn) {
        server.enqueue(json(200, shape.apply(token, expiresIn)));
        return factory.create(server, Clock.fixed(NOW.plus(local), ZoneOffset.UTC)).requestToken(GRANT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aTruncatedIssueTimeDoesNotMakeTheTokenOutliveItsExp(String name, ClientFactory factory,
            BiFunction<String, Long, String> shape) {
        // the server issued at NOW + 0.9 s and truncated: iat = NOW, exp = NOW + 300; the request was sent at NOW + 0.9 s
        AccessToken t = request(factory, shape, Duration.ofMillis(900),
                jwt("{\"iat\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 300) + "}"), 300);
        assertEquals(Instant.ofEpochSecond(SERVER_NOW + 300), t.expiresAt(), name);
        assertEquals(Duration.ofMillis(299_100), t.lifetime(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aFractionalExpCountsFromItsWholeSecond(String name, ClientFactory factory, BiFunction<String, Long, String> shape) {
        AccessToken t = request(factory, shape, Duration.ofMillis(900),
                jwt("{\"iat\":" + SERVER_NOW + ".25,\"exp\":" + (SERVER_NOW + 300) + ".25}"), 300);
        assertEquals(Instant.ofEpochSecond(SERVER_NOW + 300), t.expiresAt(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void localClockBehindKeepsExpiresInCountedFromSending(String name, ClientFactory factory,
            BiFunction<String, Long, String> shape) {
        AccessToken t = request(factory, shape, Duration.ofMinutes(-5),
                jwt("{\"iat\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 600) + "}"), 600);
        assertEquals(NOW.minusSeconds(300).plusSeconds(600), t.expiresAt(), name);
        assertEquals(Duration.ofSeconds(600), t.lifetime(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void localClockAheadShortensTheLifetimeToWhatIsLeftUntilExpAsWithoutExpiresIn(String name, ClientFactory factory,
            BiFunction<String, Long, String> shape) {
        AccessToken t = request(factory, shape, Duration.ofMinutes(5),
                jwt("{\"iat\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 600) + "}"), 600);
        assertEquals(Instant.ofEpochSecond(SERVER_NOW + 600), t.expiresAt(), name);
        assertEquals(Duration.ofSeconds(300), t.lifetime(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void anExpNotAfterSendingIsAnInvalidResponseAsWithoutExpiresIn(String name, ClientFactory factory,
            BiFunction<String, Long, String> shape) {
        InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> request(factory, shape,
                Duration.ofMinutes(15), jwt("{\"iat\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 600) + "}"), 600));
        assertTrue(e.getMessage().contains("check the system clock"), e.getMessage());
        assertTrue(e.getMessage().contains("exp claim"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void anOpaqueTokenOrOneWithoutExpKeepsSentAtPlusExpiresIn(String name, ClientFactory factory,
            BiFunction<String, Long, String> shape) {
        Duration local = Duration.ofMillis(900);
        AccessToken opaque = request(factory, shape, local, "opaque-token-value", 300);
        assertEquals(NOW.plus(local).plusSeconds(300), opaque.expiresAt(), name);
        AccessToken noExp = request(factory, shape, local, jwt("{\"iat\":" + SERVER_NOW + "}"), 300);
        assertEquals(NOW.plus(local).plusSeconds(300), noExp.expiresAt(), name);
        AccessToken farExp = request(factory, shape, local, jwt("{\"exp\":" + Long.MAX_VALUE + "}"), 300);
        assertEquals(NOW.plus(local).plusSeconds(300), farExp.expiresAt(), name);
    }
}
