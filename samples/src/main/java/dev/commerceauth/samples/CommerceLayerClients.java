package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.emulator.DemoCredentials;

/** Builds the {@link CommerceLayerAuth} client and the integration grant the Commerce Layer samples use. */
final class CommerceLayerClients {

    /** Environment variable that switches the Commerce Layer samples to the real service. */
    static final String SWITCH = "COMMERCELAYER_CLIENT_ID";

    private CommerceLayerClients() {
    }

    /**
     * The real {@code https://auth.{COMMERCELAYER_DOMAIN:-commercelayer.io}} when {@link #SWITCH} is
     * set, else the embedded emulator.
     */
    static CommerceLayerAuth client(SampleEnvironment env) {
        if (env.real(SWITCH)) {
            String domain = System.getenv("COMMERCELAYER_DOMAIN");
            return CommerceLayerAuth.builder()
                    .domain(domain == null || domain.trim().isEmpty() ? "commercelayer.io" : domain.trim())
                    .build();
        }
        return CommerceLayerAuth.builder().baseUrl(env.emulator().commerceLayerBaseUrl()).build();
    }

    /**
     * An integration's client_credentials grant: {@code COMMERCELAYER_CLIENT_ID} and
     * {@code COMMERCELAYER_CLIENT_SECRET} when {@link #SWITCH} is set, else the emulator's demo integration.
     */
    static ClientCredentialsGrant integrationGrant(SampleEnvironment env) {
        return ClientCredentialsGrant.builder()
                .clientId(env.value(SWITCH, SWITCH, DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID))
                .clientSecret(env.value(SWITCH, "COMMERCELAYER_CLIENT_SECRET", DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET))
                .build();
    }
}
