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
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Review finding A: without {@code expires_in} the expiry comes from the JWT claims, counted on the
 * local clock from when the request was sent, so a local clock that is behind or ahead of the
 * server's never makes a token look longer-lived than the server issued it for. Server time is
 * {@code NOW}; the three providers' 200 shapes without {@code expires_in}, over real HTTP.
 */
class JwtExpiryClockSkewTest {

    private static final long SERVER_NOW = NOW.getEpochSecond();
    private static final ClientCredentialsGrant GRANT = ClientCredentialsGrant.builder()
            .clientId("SWIAKEY").clientSecret("secret-access-key").build();

    @RegisterExtension
    final LoopbackServer loopback = new LoopbackServer();
    private final MockWebServer server = loopback.server();

    /** Provider name, client factory (server, local clock) and its 200 body around an access token. */
    static Stream<Arguments> providers() {
        Function<String, String> keycloak = t -> "{\"access_token\":\"" + t + "\",\"refresh_expires_in\":0,"
                + "\"token_type\":\"Bearer\",\"not-before-policy\":0,\"scope\":\"sellytics-data-api profile email\"}";
        Function<String, String> shopware = t -> "{\"token_type\":\"Bearer\",\"access_token\":\"" + t + "\"}";
        Function<String, String> commerceLayer = t -> "{\"access_token\":\"" + t + "\",\"token_type\":\"bearer\","
                + "\"scope\":\"market:all\",\"created_at\":" + SERVER_NOW + "}";
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

    private AccessToken request(ClientFactory factory, Function<String, String> shape, Duration localSkew,
            String claims) {
        Clock local = Clock.fixed(NOW.plus(localSkew), ZoneOffset.UTC);
        server.enqueue(json(200, shape.apply(jwt(claims))));
        return factory.create(server, local).requestToken(GRANT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void localClockBehindDoesNotExtendTheServerStatedLifetime(String name, ClientFactory factory,
            Function<String, String> shape) {
        AccessToken t = request(factory, shape, Duration.ofMinutes(-5),
                "{\"iat\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 600) + "}");
        assertEquals(Duration.ofSeconds(600), t.lifetime(), name);
        assertEquals(NOW.minusSeconds(300).plusSeconds(600), t.expiresAt(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void localClockAheadShortensTheLifetimeToWhatIsLeftUntilExp(String name, ClientFactory factory,
            Function<String, String> shape) {
        AccessToken t = request(factory, shape, Duration.ofMinutes(5),
                "{\"iat\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 600) + "}");
        assertEquals(Duration.ofSeconds(300), t.lifetime(), name);
        assertEquals(Instant.ofEpochSecond(SERVER_NOW + 600), t.expiresAt(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void clocksInSyncUseTheStatedLifetime(String name, ClientFactory factory, Function<String, String> shape) {
        AccessToken t = request(factory, shape, Duration.ZERO,
                "{\"iat\":" + SERVER_NOW + ",\"nbf\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 7200) + "}");
        assertEquals(Duration.ofHours(2), t.lifetime(), name);
        assertEquals(NOW, t.issuedAt(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void withoutIatExpIsCountedFromWhenTheRequestWasSent(String name, ClientFactory factory,
            Function<String, String> shape) {
        AccessToken t = request(factory, shape, Duration.ofMinutes(-5), "{\"exp\":" + (SERVER_NOW + 600) + "}");
        assertEquals(Instant.ofEpochSecond(SERVER_NOW + 600), t.expiresAt(), name);
        assertEquals(Duration.ofSeconds(900), t.lifetime(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void noPositiveLifetimeIsAnInvalidResponse(String name, ClientFactory factory, Function<String, String> shape) {
        InvalidResponseException stated = assertThrows(InvalidResponseException.class, () -> request(factory, shape,
                Duration.ZERO, "{\"iat\":" + (SERVER_NOW + 60) + ",\"exp\":" + (SERVER_NOW + 60) + "}"));
        assertTrue(stated.getMessage().contains("no positive lifetime"), stated.getMessage());

        InvalidResponseException pastExp = assertThrows(InvalidResponseException.class, () -> request(factory, shape,
                Duration.ofMinutes(15), "{\"iat\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 600) + "}"));
        assertTrue(pastExp.getMessage().contains("exp claim is not in the future"), pastExp.getMessage());

        InvalidResponseException absurd = assertThrows(InvalidResponseException.class, () -> request(factory, shape,
                Duration.ZERO, "{\"iat\":" + SERVER_NOW + ",\"exp\":" + (SERVER_NOW + 11L * 365 * 24 * 3600) + "}"));
        assertTrue(absurd.getMessage().contains("more than ten years"), absurd.getMessage());
    }

    /** Claims no Instant can hold, or whose difference overflows a long: refused, never a DateTimeException. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void claimsOutOfEveryRangeAreAnInvalidResponse(String name, ClientFactory factory, Function<String, String> shape) {
        String[] claims = {
            "{\"exp\":1e20}",
            "{\"exp\":" + Long.MAX_VALUE + "}",
            "{\"exp\":" + Long.MIN_VALUE + "}",
            "{\"iat\":" + Long.MIN_VALUE + ",\"exp\":" + (SERVER_NOW + 600) + "}",
            "{\"iat\":" + SERVER_NOW + ",\"exp\":" + Long.MAX_VALUE + "}",
        };
        for (String c : claims) {
            InvalidResponseException e = assertThrows(InvalidResponseException.class,
                    () -> request(factory, shape, Duration.ZERO, c), c);
            assertTrue(e.getMessage().contains("more than ten years from the local clock"), e.getMessage());
        }
    }
}
