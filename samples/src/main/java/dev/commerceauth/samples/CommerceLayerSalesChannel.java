package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.commercelayer.CommerceLayerClaims;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.emulator.DemoCredentials;

/**
 * Commerce Layer sales channel: client_credentials without a secret (safe in a browser or app),
 * scoped to one market with {@code Scope.market(id)}; then the token's claims, checked against the
 * issuer's JWKS.
 *
 * <p>Real service: set {@code COMMERCELAYER_SALES_CHANNEL_CLIENT_ID} (a sales channel's client id)
 * and {@code COMMERCELAYER_MARKET_ID}; optionally {@code COMMERCELAYER_DOMAIN}.
 */
public final class CommerceLayerSalesChannel {

    private CommerceLayerSalesChannel() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Commerce Layer: sales channel (client_credentials, no secret, market scope)");
        try (SampleEnvironment env = SampleEnvironment.fromSystem()) {
            String sw = CommerceLayerClients.SALES_CHANNEL_SWITCH;
            CommerceLayerAuth commerceLayer = CommerceLayerClients.client(env, sw);
            ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
                    .clientId(env.value(sw, sw, DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID))
                    .scope(Scope.market(env.value(sw, "COMMERCELAYER_MARKET_ID", DemoCredentials.COMMERCELAYER_MARKET_ID)))
                    .build();

            SampleOutput.note("POST /oauth/token with " + grant);
            AccessToken token = commerceLayer.requestToken(grant);
            SampleOutput.token("access token", token);

            CommerceLayerClaims claims = commerceLayer.verify(token.value());
            SampleOutput.note("signature verified against the issuer's JWKS");
            SampleOutput.note("organization " + claims.organizationSlug()
                    + ", application kind " + claims.applicationKind().orElse("?")
                    + ", markets " + claims.marketIds()
                    + (claims.test() ? " (test mode)" : ""));
        }
    }
}
