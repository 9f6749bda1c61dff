package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.emulator.DemoCredentials;

/** Builds the {@link CommerceLayerAuth} client and the integration grant the Commerce Layer samples use. */
final class CommerceLayerClients {

    /**
     * Environment variable that switches the integration samples ({@code CommerceLayerIntegration},
     * {@code CachedTokenWithOkHttp}, {@code RevokeToken}) to the real service: an integration's client id.
     */
    static final String SWITCH = "COMMERCELAYER_CLIENT_ID";

    /**
     * Environment variable that switches {@code CommerceLayerSalesChannel} to the real service: a
     * sales channel's client id (a sales channel has no secret, an integration has one, so one
     * client id cannot serve both).
     */
    static final String SALES_CHANNEL_SWITCH = "COMMERCELAYER_SALES_CHANNEL_CLIENT_ID";

    /**
     * Environment variable that switches {@code CommerceLayerAuthorizationCode} and
     * {@code CommerceLayerJwtBearer} to the real service: a webapp's client id (a confidential client,
     * for the authorization_code and JWT bearer grants).
     */
    static final String WEBAPP_SWITCH = "COMMERCELAYER_WEBAPP_CLIENT_ID";

    /** Optional environment variable: the Commerce Layer domain, {@code commercelayer.io} when unset. */
    static final String DOMAIN = "COMMERCELAYER_DOMAIN";

    private CommerceLayerClients() {
    }

    /** {@link #client(SampleEnvironment, String)} for the integration samples, switched by {@link #SWITCH}. */
    static CommerceLayerAuth client(SampleEnvironment env) {
        return client(env, SWITCH);
    }

    /**
     * The real {@code https://auth.{COMMERCELAYER_DOMAIN:-commercelayer.io}} when
     * {@code switchVariable} is set, else the embedded emulator, with the environment's
     * {@linkplain SampleEnvironment#clock() clock} (the emulator's own when the sample moves time).
     */
    static CommerceLayerAuth client(SampleEnvironment env, String switchVariable) {
        if (env.real(switchVariable)) {
            String domain = env.optional(DOMAIN);
            return CommerceLayerAuth.builder()
                    .domain(domain == null ? "commercelayer.io" : domain)
                    .build();
        }
        return CommerceLayerAuth.builder()
                .baseUrl(env.emulator().commerceLayerBaseUrl())
                .clock(env.clock())
                .build();
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
