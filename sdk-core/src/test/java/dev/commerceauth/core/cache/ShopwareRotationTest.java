package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.shopware.ShopwareAuth;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The real Shopware client against a server that rotates refresh tokens, revokes each on use and
 * answers a bad one with Shopware's {@code {"errors":[{"code":"8",...}]}} (HTTP 401).
 */
class ShopwareRotationTest extends CacheTestSupport {

    private static final PasswordGrant ADMIN = ShopwareAuth.passwordGrant("admin", "shopware-admin-password");

    @Override
    TokenClient newClient() {
        return ShopwareAuth.builder().shopUrl(server.baseUrl()).clock(clock).build();
    }

    @Test
    void rotatingRefreshTokensSurviveConcurrencyAndARevokedOneLeadsToOneLogin() throws Exception {
        server.shopwareErrors = true;
        server.expiresIn = 600; // Shopware's default access token lifetime
        try (CachingTokenProvider tokens = provider(ADMIN).build()) {
            assertEquals("at-1", tokens.token().value());

            clock.advanceSeconds(600);
            server.hold = new CountDownLatch(1);
            List<Object> outcomes = concurrently(50, tokens::token, () -> server.hold.countDown());
            server.hold = null;
            for (Object o : outcomes) {
                assertEquals("at-2", ((AccessToken) o).value());
            }
            assertEquals(1, server.count("refresh_token"));
            assertEquals(0, server.invalidGrants.get());

            server.revokeAllRefreshTokens(); // e.g. the admin logged out elsewhere
            clock.advanceSeconds(600);
            server.hold = new CountDownLatch(1);
            outcomes = concurrently(50, tokens::token, () -> server.hold.countDown());
            for (Object o : outcomes) {
                assertEquals("at-3", ((AccessToken) o).value());
            }
            assertEquals(1, server.invalidGrants.get());
            assertEquals(2, server.count("password"), "exactly one full login after the rejected refresh");
            assertEquals(2, server.count("refresh_token"));
        }
    }
}
