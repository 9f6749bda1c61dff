package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.core.okhttp.BearerAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The everyday setup: a cached {@link TokenProvider} attached to your own {@link OkHttpClient}.
 * Every request gets {@code Authorization: Bearer …}; tokens are fetched once, refreshed ahead of
 * expiry, and a 401 triggers one refresh and one retry.
 *
 * <p>Against the emulator, tokens live 2 seconds and the sample calls its protected resource for 6
 * seconds, across several token lifetimes. Real service: set {@code COMMERCELAYER_CLIENT_ID} and
 * {@code COMMERCELAYER_CLIENT_SECRET} of an integration, optionally {@code COMMERCELAYER_DOMAIN};
 * the sample then lists the markets of the Core API (a JSON:API endpoint, hence the
 * {@code Accept: application/vnd.api+json} header).
 */
public final class CachedTokenWithOkHttp {

    private CachedTokenWithOkHttp() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Cached TokenProvider + OkHttp interceptor calling a protected API");
        try (SampleEnvironment env = SampleEnvironment.fromSystem(Duration.ofSeconds(2))) {
            String sw = CommerceLayerClients.SWITCH;
            CommerceLayerAuth commerceLayer = CommerceLayerClients.client(env);
            ClientCredentialsGrant grant = CommerceLayerClients.integrationGrant(env);

            SampleOutput.note("token provider for " + grant);
            try (TokenProvider tokens = commerceLayer.tokenProvider(grant)) {
                SampleOutput.token("access token", tokens.token());
                String url = env.real(sw)
                        ? commerceLayer.coreApiBaseUrl(tokens.token().value()) + "/api/markets"
                        : env.emulator().protectedResourceUrl();
                OkHttpClient api = BearerAuth.install(new OkHttpClient.Builder(), tokens).build();
                try {
                    for (int i = 0; i < 12; i++) {
                        Request request = new Request.Builder()
                                .url(url)
                                .header("Accept", "application/vnd.api+json")
                                .build();
                        try (Response response = api.newCall(request).execute()) {
                            SampleOutput.note("GET " + url + " -> HTTP " + response.code()
                                    + " with token " + SampleOutput.mask(tokens.token().value()));
                            if (!response.isSuccessful()) {
                                throw new IllegalStateException("the protected resource refused the request: HTTP " + response.code());
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException("calling " + url + " failed", e);
                        }
                        Thread.sleep(500);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } finally {
                    api.dispatcher().executorService().shutdown();
                    api.connectionPool().evictAll();
                }
            }
            if (!env.real(sw)) {
                SampleOutput.note(env.emulator().tokenRequestCount() + " token requests for 12 API calls over 6 s of 2 s tokens");
            }
        }
    }
}
