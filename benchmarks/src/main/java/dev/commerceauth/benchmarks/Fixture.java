package dev.commerceauth.benchmarks;

import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.sellytics.SellyticsAuth;
import java.io.IOException;
import java.time.Clock;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The shared setup of every benchmark: the embedded emulator on a loopback port, answering in
 * the sellytics (Keycloak) dialect, which has no rate limit; the SDK's client for it; and the
 * hand-written baseline for the same endpoint and credentials.
 */
final class Fixture implements AutoCloseable {

    private final TokenServerEmulator emulator;

    private Fixture(TokenServerEmulator emulator) {
        this.emulator = emulator;
    }

    /** Starts an emulator on a free loopback port, with sellytics' default token lifetime (24 h). */
    static Fixture start() {
        TokenServerEmulator emulator = TokenServerEmulator.builder().port(0).build();
        emulator.start();
        return new Fixture(emulator);
    }

    String tokenUrl() {
        return emulator.sellyticsTokenUrl();
    }

    long tokenRequestCount() {
        return emulator.tokenRequestCount();
    }

    /** The grant both sides use: the emulator's demo client with the DATA API scope. */
    static ClientCredentialsGrant grant() {
        return ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.SELLYTICS_CLIENT_ID)
                .clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET)
                .scope(Scope.of(DemoCredentials.SELLYTICS_SCOPE))
                .build();
    }

    SellyticsAuth sdkClient() {
        return sdkClient(tokenUrl(), Clock.systemUTC());
    }

    static SellyticsAuth sdkClient(String tokenUrl, Clock clock) {
        return SellyticsAuth.builder().tokenUrl(tokenUrl).clock(clock).build();
    }

    /** One raw token response body from the emulator, as the wire carries it. */
    String recordTokenResponse() throws IOException {
        OkHttpClient client = new OkHttpClient();
        Request request = new Request.Builder().url(tokenUrl())
                .post(new FormBody.Builder()
                        .add("grant_type", "client_credentials")
                        .add("client_id", DemoCredentials.SELLYTICS_CLIENT_ID)
                        .add("client_secret", DemoCredentials.SELLYTICS_CLIENT_SECRET)
                        .add("scope", DemoCredentials.SELLYTICS_SCOPE)
                        .build())
                .build();
        try (Response response = client.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("emulator answered HTTP " + response.code());
            }
            return response.body().string();
        } finally {
            client.connectionPool().evictAll();
        }
    }

    static HandWrittenTokenCall baseline(OkHttpClient client, String tokenUrl) {
        return new HandWrittenTokenCall(client, tokenUrl, DemoCredentials.SELLYTICS_CLIENT_ID,
                DemoCredentials.SELLYTICS_CLIENT_SECRET, DemoCredentials.SELLYTICS_SCOPE);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
