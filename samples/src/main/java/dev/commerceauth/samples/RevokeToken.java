package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Revoking a token: a Commerce Layer integration token is revoked at {@code /oauth/revoke} with the
 * client credentials it was issued to. Against the emulator, the sample shows a protected resource
 * accepting the token before and refusing it after.
 *
 * <p>Real service: set {@code COMMERCELAYER_CLIENT_ID} and {@code COMMERCELAYER_CLIENT_SECRET} of an
 * integration; optionally {@code COMMERCELAYER_DOMAIN}.
 */
public final class RevokeToken {

    private RevokeToken() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Commerce Layer: revoke a token");
        try (SampleEnvironment env = SampleEnvironment.fromSystem()) {
            String sw = CommerceLayerClients.SWITCH;
            CommerceLayerAuth commerceLayer = CommerceLayerClients.client(env);
            ClientCredentialsGrant grant = CommerceLayerClients.integrationGrant(env);

            SampleOutput.note("POST /oauth/token with " + grant);
            AccessToken token = commerceLayer.requestToken(grant);
            SampleOutput.token("access token", token);
            if (!env.real(sw)) {
                SampleOutput.note("protected resource before revoke: HTTP " + echo(env, token));
            }

            SampleOutput.note("POST /oauth/revoke with the same client credentials");
            commerceLayer.revoke(token.value(), grant);
            SampleOutput.note("revoked " + SampleOutput.mask(token.value()));
            if (!env.real(sw)) {
                int after = echo(env, token);
                SampleOutput.note("protected resource after revoke: HTTP " + after);
                if (after != 401) {
                    throw new IllegalStateException("a revoked token must be refused, got HTTP " + after);
                }
            }
        }
    }

    private static int echo(SampleEnvironment env, AccessToken token) {
        Request request = new Request.Builder()
                .url(env.emulator().protectedResourceUrl())
                .header("Authorization", "Bearer " + token.value())
                .build();
        OkHttpClient http = new OkHttpClient();
        try (Response response = http.newCall(request).execute()) {
            return response.code();
        } catch (IOException e) {
            throw new UncheckedIOException("calling the protected resource failed", e);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
