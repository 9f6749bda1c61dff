package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAssertion;
import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.commercelayer.CommerceLayerClaims;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.RecordedTokenRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Commerce Layer on-behalf-of (JWT bearer grant): the webapp's backend acts for a customer it already
 * knows (a customer signed in through the app's own login or single sign-on, a support tool, a
 * scheduled reorder), without the customer's password and without sending anyone to a login page.
 * The backend builds a JWT assertion naming the customer as owner with {@link CommerceLayerAssertion}
 * ({@code https://commercelayer.io/claims → owner {type: Customer, id}}, as js-auth's
 * {@code createAssertion}) and exchanges it, with the
 * webapp's client id and secret, for an access token of that customer. A {@link CachingTokenProvider}
 * per customer caches the token and renews it with the refresh token that comes with it.
 *
 * <p>Commerce Layer decodes the assertion without verifying its signature (it checks its form, its
 * size of at most 4 KB and that the customer exists); the builder signs it the way js-auth does
 * (HS512 with the fixed key {@code cl}): the client secret in the grant is the credential.
 * Against the emulator, the backend learns the demo customer's id as it would when the customer first
 * signs in (one authorization code exchange), then acts on the customer's behalf. Real service (JWT
 * bearer is an enterprise-plan feature): set {@code COMMERCELAYER_WEBAPP_CLIENT_ID} and
 * {@code COMMERCELAYER_WEBAPP_CLIENT_SECRET} of a webapp and {@code COMMERCELAYER_CUSTOMER_ID} (the
 * id of the customer to act for); optionally {@code COMMERCELAYER_MARKET_ID} (to scope the token to
 * a market) and {@code COMMERCELAYER_DOMAIN}.
 */
public final class CommerceLayerJwtBearer {

    private CommerceLayerJwtBearer() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Commerce Layer: on behalf of a customer (JWT bearer assertion, cached provider)");
        try (SampleEnvironment env = SampleEnvironment.fromSystem()) {
            String sw = CommerceLayerClients.WEBAPP_SWITCH;
            CommerceLayerAuth commerceLayer = CommerceLayerClients.client(env, sw);
            String clientId = env.value(sw, sw, DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID);
            String clientSecret = env.value(sw, "COMMERCELAYER_WEBAPP_CLIENT_SECRET", DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET);
            String market = env.real(sw) ? env.optional("COMMERCELAYER_MARKET_ID") : DemoCredentials.COMMERCELAYER_MARKET_ID;
            String customerId = env.real(sw)
                    ? env.value(sw, "COMMERCELAYER_CUSTOMER_ID", null)
                    : demoCustomerId(env, commerceLayer, clientId, clientSecret);
            if (!customerId.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("COMMERCELAYER_CUSTOMER_ID should be a Commerce Layer id, e.g. xYZkjABcde");
            }

            // The assertion names the customer the backend acts for; a custom claim enriches the token.
            CommerceLayerAssertion assertion = CommerceLayerAssertion.builder()
                    .owner(CommerceLayerAssertion.OwnerType.CUSTOMER, customerId)
                    .customClaim("acting_for", "support-tool")
                    .build();
            SampleOutput.note("assertion " + assertion + " (HS512, at most "
                    + CommerceLayerAssertion.MAX_LENGTH + " characters)");
            JwtBearerGrant onBehalf = assertion.grantBuilder()
                    .clientId(clientId)
                    .clientSecret(clientSecret)
                    .scope(market == null ? Scope.none() : Scope.market(market))
                    .build();

            // One provider per customer the backend acts for: it caches the customer's token and
            // renews it with the refresh token of the answer, not with a new assertion.
            SampleOutput.note("token provider for " + onBehalf);
            try (TokenProvider tokens = CachingTokenProvider.builder(commerceLayer, onBehalf).build()) {
                AccessToken token = tokens.token();
                SampleOutput.token("customer token", token);
                CommerceLayerClaims claims = commerceLayer.claims(token.value());
                SampleOutput.note("owner " + claims.ownerType().orElse("?") + " " + claims.ownerId().orElse("?")
                        + ", application kind " + claims.applicationKind().orElse("?") + ", markets " + claims.marketIds());
                if (!claims.ownerId().filter(customerId::equals).isPresent()) {
                    throw new IllegalStateException("the token should belong to the asserted customer " + customerId);
                }
                if (!tokens.token().value().equals(token.value())) {
                    throw new IllegalStateException("a fresh token should be served from the cache");
                }
                SampleOutput.note("asked again: the same token, from the cache");

                if (!env.real(sw)) {
                    List<String> grants = new ArrayList<>();
                    for (RecordedTokenRequest request : env.emulator().requests()) {
                        if (request.isTokenRequest()) {
                            grants.add(request.grantType());
                        }
                    }
                    SampleOutput.note("grant types the token endpoint saw: " + grants);
                    if (!grants.equals(Arrays.asList(AuthorizationCodeGrant.GRANT_TYPE, JwtBearerGrant.GRANT_TYPE))) {
                        throw new IllegalStateException("expected the sign-in, then one JWT bearer grant: " + grants);
                    }
                }
            }
        }
    }

    /**
     * Demo only: the id the backend would have stored when the demo customer first signed in (an
     * authorization code from the emulator, exchanged once; the token itself is not used).
     */
    private static String demoCustomerId(SampleEnvironment env, CommerceLayerAuth commerceLayer,
            String clientId, String clientSecret) {
        String code = env.emulator().issueAuthorizationCode(clientId, DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL);
        AccessToken signIn = commerceLayer.requestToken(AuthorizationCodeGrant.builder()
                .clientId(clientId)
                .clientSecret(clientSecret)
                .redirectUri(DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI)
                .code(code)
                .build());
        String id = commerceLayer.claims(signIn.value()).ownerId().orElseThrow(
                () -> new IllegalStateException("a customer's token should name its owner"));
        SampleOutput.note("demo customer " + DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL + " signed in once: customer id " + id);
        return id;
    }
}
