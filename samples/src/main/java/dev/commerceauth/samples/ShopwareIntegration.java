package dev.commerceauth.samples;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.shopware.ShopwareAuth;

/**
 * Shopware Admin API as an integration: client_credentials with the integration's access key id
 * ({@code SWIA…}) and secret access key, JSON to {@code {shop}/api/oauth/token}.
 *
 * <p>Real shop: set {@code SHOPWARE_URL}, {@code SHOPWARE_ACCESS_KEY_ID} and
 * {@code SHOPWARE_SECRET_ACCESS_KEY}.
 */
public final class ShopwareIntegration {

    private ShopwareIntegration() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Shopware Admin API: integration (client_credentials)");
        try (SampleEnvironment env = SampleEnvironment.fromSystem()) {
            String sw = "SHOPWARE_URL";
            String shopUrl = env.real(sw) ? env.value(sw, sw, null) : env.emulator().shopwareUrl();

            ShopwareAuth shopware = ShopwareAuth.builder().shopUrl(shopUrl).build();
            ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
                    .clientId(env.value(sw, "SHOPWARE_ACCESS_KEY_ID", DemoCredentials.SHOPWARE_ACCESS_KEY_ID))
                    .clientSecret(env.value(sw, "SHOPWARE_SECRET_ACCESS_KEY", DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY))
                    .build();

            SampleOutput.note("POST " + shopUrl + "/api/oauth/token with " + grant);
            AccessToken token = shopware.requestToken(grant);
            SampleOutput.token("access token", token);
        }
    }
}
