package dev.commerceauth.samples;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.shopware.ShopwareAuth;
import java.time.Duration;

/**
 * Shopware Admin API as an administrator: the password grant ({@code client_id=administration},
 * scope {@code write}) behind a cached {@link TokenProvider} that refreshes the token ahead of
 * expiry with the refresh_token grant and keeps the rotated refresh token.
 *
 * <p>Against the emulator, tokens live 3 seconds so the refreshes show within the sample's 8
 * seconds. Real shop: set {@code SHOPWARE_URL}, {@code SHOPWARE_ADMIN_USERNAME} and
 * {@code SHOPWARE_ADMIN_PASSWORD} (real tokens live 10 minutes, so expect one token).
 */
public final class ShopwareAdmin {

    private ShopwareAdmin() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Shopware Admin API: administrator (password grant + automatic refresh)");
        try (SampleEnvironment env = SampleEnvironment.fromSystem(Duration.ofSeconds(3))) {
            String sw = "SHOPWARE_URL";
            String shopUrl = env.real(sw) ? env.value(sw, sw, null) : env.emulator().shopwareUrl();

            ShopwareAuth shopware = ShopwareAuth.builder().shopUrl(shopUrl).build();
            PasswordGrant grant = PasswordGrant.builder()
                    .clientId("administration")
                    .username(env.value(sw, "SHOPWARE_ADMIN_USERNAME", DemoCredentials.SHOPWARE_ADMIN_USERNAME))
                    .password(env.value(sw, "SHOPWARE_ADMIN_PASSWORD", DemoCredentials.SHOPWARE_ADMIN_PASSWORD))
                    .scope(Scope.of("write"))
                    .build();

            SampleOutput.note("token provider for " + grant);
            int distinct = 0;
            String last = null;
            try (TokenProvider tokens = shopware.tokenProvider(grant)) {
                for (int second = 0; second < 8; second++) {
                    AccessToken token = tokens.token();
                    if (!token.value().equals(last)) {
                        distinct++;
                        last = token.value();
                        SampleOutput.token("t+" + second + "s new token", token);
                    } else {
                        SampleOutput.note("t+" + second + "s same token " + SampleOutput.mask(token.value()));
                    }
                    sleepOneSecond();
                }
            }
            SampleOutput.note(distinct + " token(s) served; the first from the password grant, the rest refreshed in the background");
        }
    }

    private static void sleepOneSecond() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
