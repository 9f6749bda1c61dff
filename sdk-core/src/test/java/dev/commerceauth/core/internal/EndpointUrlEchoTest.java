package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13 item 4: a malformed endpoint URL is echoed in the {@link IllegalArgumentException}
 * without its query, fragment and user info, however the credentials are spelled into it.
 */
class EndpointUrlEchoTest {

    private static final String SECRET = "Sup3rS3cret";
    /** Pieces of the secret that must not show either (a secret split by a '/' or an '@'). */
    private static final List<String> PIECES = Arrays.asList(SECRET, "Sup3r", "S3cret", "3rS3");

    private static final List<Function<String, Object>> BUILDERS = Arrays.asList(
            url -> SellyticsAuth.builder().tokenUrl(url).build(),
            url -> ShopwareAuth.builder().shopUrl(url).build(),
            url -> CommerceLayerAuth.builder().baseUrl(url).build());

    private static void assertNoSecret(String url) {
        for (Function<String, Object> builder : BUILDERS) {
            String message = assertThrows(IllegalArgumentException.class, () -> builder.apply(url)).getMessage();
            for (String piece : PIECES) {
                assertFalse(message.contains(piece), "'" + piece + "' in: " + message);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://auth.example.com:99999/realms/x?client_secret=" + SECRET,
        "https://auth.example.com:99999/realms/x#" + SECRET,
        "https://client:Sup3r/S3cret@auth.example.com:99999/realms/x",
        "https://client@x:Sup3rS3cret@auth.example.com:99999/realms/x",
        "https:\\\\client:Sup3rS3cret@bad host/realms/x",
        "client:Sup3rS3cret@auth.example.com/realms/x",
        "//client:Sup3rS3cret@auth.example.com:99999/realms/x",
        "https://client:Sup3rS3cret@auth.example.com:99999/realms/x?code=" + SECRET + "#" + SECRET,
    })
    void anUnparsableUrlIsEchoedWithoutCredentials(String url) {
        assertNoSecret(url);
    }

    @Test
    void whatRemainsStillShowsTheHostAndSaysWhatWasLeftOut() {
        assertEquals("tokenUrl is not a valid http(s) URL: https://auth.example.com:99999/realms/x (user info omitted);"
                + " expected for example https://host/path", assertThrows(IllegalArgumentException.class,
                        () -> SellyticsAuth.builder().tokenUrl("https://client:Sup3r/S3cret@auth.example.com:99999/realms/x")
                                .build()).getMessage());
        assertEquals("shopUrl is not a valid http(s) URL: auth.example.com/x (user info omitted);"
                + " expected for example https://host/path", assertThrows(IllegalArgumentException.class,
                        () -> ShopwareAuth.builder().shopUrl("client:Sup3rS3cret@auth.example.com/x").build()).getMessage());
    }

    @Test
    void aParsableTokenUrlWithTheWrongPathIsEchoedWithoutItsQuery() {
        String url = "https://auth.example.com/token?client_secret=" + SECRET + "#" + SECRET;
        assertEquals("tokenUrl must end with /realms/{realm}/protocol/openid-connect/token: https://auth.example.com/token"
                + " (query omitted)", assertThrows(IllegalArgumentException.class,
                        () -> SellyticsAuth.builder().tokenUrl(url).build()).getMessage());
    }
}
