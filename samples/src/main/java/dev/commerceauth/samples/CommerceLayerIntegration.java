package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;

/**
 * Commerce Layer integration: client_credentials with the application's secret (server side only),
 * all markets; then the organization's Core API base URL derived from the token.
 *
 * <p>Real service: set {@code COMMERCELAYER_CLIENT_ID} and {@code COMMERCELAYER_CLIENT_SECRET} of an
 * integration; optionally {@code COMMERCELAYER_DOMAIN}.
 */
public final class CommerceLayerIntegration {

    private CommerceLayerIntegration() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Commerce Layer: integration (client_credentials with secret)");
        try (SampleEnvironment env = SampleEnvironment.fromSystem()) {
            CommerceLayerAuth commerceLayer = CommerceLayerClients.client(env);
            ClientCredentialsGrant grant = CommerceLayerClients.integrationGrant(env);

            SampleOutput.note("POST /oauth/token with " + grant);
            AccessToken token = commerceLayer.requestToken(grant);
            SampleOutput.token("access token", token);
            SampleOutput.note("Core API of this organization: " + commerceLayer.coreApiBaseUrl(token.value()));
        }
    }
}
