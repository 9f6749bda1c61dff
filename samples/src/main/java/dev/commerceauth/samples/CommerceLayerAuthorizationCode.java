package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.commercelayer.CommerceLayerClaims;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.AuthorizationCodeGrant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.emulator.DemoCredentials;

/**
 * Commerce Layer webapp: the customer signed in on Commerce Layer's login page and the browser came
 * back to the app's redirect URI with {@code ?code=…}. The app's backend exchanges the code (with its
 * client id and secret and the same redirect URI) for the customer's access and refresh tokens, and
 * later gets a new access token with the refresh_token grant, without sending the customer back
 * to the login page.
 *
 * <p>Against the emulator, the code comes from the emulator, as if the demo customer had logged in,
 * and the sample shows that a code works only once. Real service: set
 * {@code COMMERCELAYER_WEBAPP_CLIENT_ID}, {@code COMMERCELAYER_WEBAPP_CLIENT_SECRET} and
 * {@code COMMERCELAYER_WEBAPP_REDIRECT_URI} of a webapp, and {@code COMMERCELAYER_AUTHORIZATION_CODE}
 * (a fresh code from the redirect, valid only minutes and only once); optionally
 * {@code COMMERCELAYER_DOMAIN}.
 */
public final class CommerceLayerAuthorizationCode {

    private CommerceLayerAuthorizationCode() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Commerce Layer: webapp (authorization_code, then refresh_token)");
        try (SampleEnvironment env = SampleEnvironment.fromSystem()) {
            String sw = CommerceLayerClients.WEBAPP_SWITCH;
            CommerceLayerAuth commerceLayer = CommerceLayerClients.client(env, sw);
            String clientId = env.value(sw, sw, DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID);
            String clientSecret = env.value(sw, "COMMERCELAYER_WEBAPP_CLIENT_SECRET", DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_SECRET);
            String redirectUri = env.value(sw, "COMMERCELAYER_WEBAPP_REDIRECT_URI", DemoCredentials.COMMERCELAYER_WEBAPP_REDIRECT_URI);
            // The code the redirect brought back; the emulator mints one as if the customer had logged in.
            String code = env.real(sw)
                    ? env.value(sw, "COMMERCELAYER_AUTHORIZATION_CODE", null)
                    : env.emulator().issueAuthorizationCode(clientId, DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL);
            AuthorizationCodeGrant exchange = AuthorizationCodeGrant.builder()
                    .clientId(clientId)
                    .clientSecret(clientSecret)
                    .redirectUri(redirectUri)   // the same redirect URI the login page sent the customer back to
                    .code(code)
                    .build();

            SampleOutput.note("POST /oauth/token with " + exchange);
            AccessToken token = commerceLayer.requestToken(exchange);
            SampleOutput.token("customer token", token);
            CommerceLayerClaims claims = commerceLayer.claims(token.value());
            SampleOutput.note("owner " + claims.ownerType().orElse("?") + " " + claims.ownerId().orElse("?")
                    + ", application kind " + claims.applicationKind().orElse("?"));
            // Keep the refresh token server-side (your session store), never in the browser.
            String refreshToken = token.refreshToken().orElseThrow(
                    () -> new IllegalStateException("an authorization code exchange should come with a refresh token"));

            if (!env.real(sw)) {
                try {
                    commerceLayer.requestToken(exchange);
                    throw new IllegalStateException("an authorization code must work only once");
                } catch (OAuthErrorException e) {
                    SampleOutput.note("the same code again: refused (" + e.error() + "), a code works only once");
                }
            }

            // Later, when the access token is about to expire: same client id and secret, the refresh token.
            RefreshTokenGrant refresh = RefreshTokenGrant.forToken(exchange, refreshToken);
            SampleOutput.note("POST /oauth/token with " + refresh);
            AccessToken refreshed = commerceLayer.requestToken(refresh);
            SampleOutput.token("refreshed token", refreshed);
            if (!env.real(sw) && refreshed.value().equals(token.value())) {
                throw new IllegalStateException("the refresh_token grant should issue a new access token");
            }
        }
    }
}
