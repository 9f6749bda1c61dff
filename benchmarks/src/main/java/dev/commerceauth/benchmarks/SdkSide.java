package dev.commerceauth.benchmarks;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.sellytics.SellyticsAuth;

/** This SDK: {@code SellyticsAuth.requestToken(ClientCredentialsGrant)}, no cache (every call is a request). */
final class SdkSide implements VersusSide {

    private final SellyticsAuth auth;
    private final ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
            .clientId(DemoCredentials.SELLYTICS_CLIENT_ID)
            .clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET)
            .scope(Scope.of(DemoCredentials.SELLYTICS_SCOPE))
            .build();

    SdkSide(String tokenUrl) {
        this.auth = SellyticsAuth.builder().tokenUrl(tokenUrl).build();
    }

    @Override
    public String name() {
        return "this SDK";
    }

    @Override
    public String fetch() {
        return auth.requestToken(grant).value();
    }
}
