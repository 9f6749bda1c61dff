package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.commercelayer.CommerceLayerClaims;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.emulator.RecordedTokenRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Commerce Layer storefront: a customer signs in with the password grant (the sales channel's
 * client id, no secret, a market in scope, the customer's email and password). The answer carries a
 * refresh token, and a {@link CachingTokenProvider} keeps the customer's token fresh with it: once
 * the access token expires, the next token comes from the refresh_token grant, not from the
 * password again.
 *
 * <p>Against the emulator, the sample moves the emulator's and the SDK's clock (a
 * {@link ManualClock}) past the token's lifetime instead of waiting hours. Real service: set
 * {@code COMMERCELAYER_SALES_CHANNEL_CLIENT_ID} (a sales channel's client id),
 * {@code COMMERCELAYER_MARKET_ID}, {@code COMMERCELAYER_CUSTOMER_EMAIL} and
 * {@code COMMERCELAYER_CUSTOMER_PASSWORD}; optionally {@code COMMERCELAYER_DOMAIN}. Real tokens live
 * hours, so expect one token: the provider refreshes it ahead of expiry.
 */
public final class CommerceLayerCustomerLogin {

    private CommerceLayerCustomerLogin() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Commerce Layer: customer login (password grant + refresh token, cached provider)");
        // The emulator's time, moved by this sample; the SDK client for the emulator shares it (a
        // real endpoint gets the system clock).
        ManualClock clock = ManualClock.startingNow();
        try (SampleEnvironment env = SampleEnvironment.fromSystem(clock)) {
            String sw = CommerceLayerClients.SALES_CHANNEL_SWITCH;
            CommerceLayerAuth commerceLayer = CommerceLayerClients.client(env, sw);
            PasswordGrant login = PasswordGrant.builder()
                    .clientId(env.value(sw, sw, DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID))
                    .scope(Scope.market(env.value(sw, "COMMERCELAYER_MARKET_ID", DemoCredentials.COMMERCELAYER_MARKET_ID)))
                    .username(env.value(sw, "COMMERCELAYER_CUSTOMER_EMAIL", DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL))
                    .password(env.value(sw, "COMMERCELAYER_CUSTOMER_PASSWORD", DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD))
                    .build();

            // One provider per signed-in customer: it caches the token and refreshes it with the
            // refresh token of the password grant's answer (RefreshTokenGrant.forToken(login, …)).
            SampleOutput.note("token provider for " + login);
            try (TokenProvider tokens = CachingTokenProvider.builder(commerceLayer, login).build()) {
                AccessToken first = tokens.token();
                SampleOutput.token("customer token", first, commerceLayer.clock());
                CommerceLayerClaims claims = commerceLayer.claims(first.value());
                SampleOutput.note("owner " + claims.ownerType().orElse("?") + " " + claims.ownerId().orElse("?")
                        + ", markets " + claims.marketIds());
                if (!first.refreshToken().isPresent()) {
                    throw new IllegalStateException("a customer's password grant should come with a refresh token");
                }

                if (env.real(sw)) {
                    SampleOutput.note("the provider refreshes this token with the refresh token ahead of its expiry");
                } else {
                    // The storefront keeps running; hours later the customer's access token has expired.
                    clock.advance(first.lifetime());
                    SampleOutput.note("clock moved " + first.lifetime().toHours() + " h ahead: the customer token has expired");
                    AccessToken next = tokens.token();
                    SampleOutput.token("refreshed token", next, commerceLayer.clock());
                    if (next.value().equals(first.value())) {
                        throw new IllegalStateException("an expired token must not be served again");
                    }
                    List<String> grants = new ArrayList<>();
                    for (RecordedTokenRequest request : env.emulator().requests()) {
                        if (request.isTokenRequest()) {
                            grants.add(request.grantType());
                        }
                    }
                    SampleOutput.note("grant types the token endpoint saw: " + grants + " (the password was sent once)");
                    if (!grants.equals(Arrays.asList(PasswordGrant.GRANT_TYPE, RefreshTokenGrant.GRANT_TYPE))) {
                        throw new IllegalStateException("expected one password grant, then one refresh: " + grants);
                    }
                }
            }
        }
    }
}
