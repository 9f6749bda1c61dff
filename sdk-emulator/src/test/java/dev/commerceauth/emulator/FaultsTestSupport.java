package dev.commerceauth.emulator;

import static dev.commerceauth.emulator.DemoCredentials.SELLYTICS_CLIENT_ID;
import static dev.commerceauth.emulator.DemoCredentials.SELLYTICS_CLIENT_SECRET;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_ACCESS_KEY_ID;
import static dev.commerceauth.emulator.DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY;

/** Demo-credential token requests against any emulator. */
final class FaultsTestSupport {

    private FaultsTestSupport() {
    }

    static Http.Reply sellytics(TokenServerEmulator e) {
        return Http.postForm(e.sellyticsTokenUrl(), Http.form("grant_type", "client_credentials",
                "client_id", SELLYTICS_CLIENT_ID, "client_secret", SELLYTICS_CLIENT_SECRET, "scope", "sellytics-data-api"));
    }

    static Http.Reply shopware(TokenServerEmulator e) {
        return Http.postJson(e.shopwareTokenUrl(), Http.json("grant_type", "client_credentials",
                "client_id", SHOPWARE_ACCESS_KEY_ID, "client_secret", SHOPWARE_SECRET_ACCESS_KEY));
    }
}
