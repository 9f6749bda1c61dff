package dev.commerceauth.samples;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.sellytics.SellyticsAuth;

/**
 * sellytics DATA API: a machine-to-machine token with the client_credentials grant and the
 * {@code sellytics-data-api} scope, sent form-urlencoded to the Keycloak realm's token URL.
 *
 * <p>Real endpoint: set {@code SELLYTICS_TOKEN_URL}, {@code SELLYTICS_CLIENT_ID} and
 * {@code SELLYTICS_CLIENT_SECRET}.
 */
public final class SellyticsClientCredentials {

    private SellyticsClientCredentials() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("sellytics DATA API: client_credentials");
        try (SampleEnvironment env = SampleEnvironment.fromSystem()) {
            String sw = "SELLYTICS_TOKEN_URL";
            String tokenUrl = env.real(sw) ? env.value(sw, sw, null) : env.emulator().sellyticsTokenUrl();

            SellyticsAuth sellytics = SellyticsAuth.builder().tokenUrl(tokenUrl).build();
            ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
                    .clientId(env.value(sw, "SELLYTICS_CLIENT_ID", DemoCredentials.SELLYTICS_CLIENT_ID))
                    .clientSecret(env.value(sw, "SELLYTICS_CLIENT_SECRET", DemoCredentials.SELLYTICS_CLIENT_SECRET))
                    .scope(Scope.of("sellytics-data-api"))
                    .build();

            SampleOutput.note("POST " + tokenUrl + " with " + grant);
            AccessToken token = sellytics.requestToken(grant);
            SampleOutput.token("access token", token);
            SampleOutput.note("when it expires, request a new one with the same grant (no refresh token for M2M)");
        }
    }
}
