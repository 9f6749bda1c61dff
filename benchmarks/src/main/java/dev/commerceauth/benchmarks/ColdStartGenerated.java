package dev.commerceauth.benchmarks;

import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.generated.sellytics.KeycloakTokenResponse;
import dev.commerceauth.generated.sellytics.TokenApi;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;
import retrofit2.converter.gson.GsonConverterFactory;

/**
 * Cold start, middle side: a fresh JVM that calls the generated Retrofit API ({@code sdk-generated})
 * directly, with a plain {@link Retrofit} over a new {@link OkHttpClient} and Gson, and exits. No
 * SDK code runs: no grant, validation, error mapping or cache. It splits the SDK's cold-start cost
 * into what Retrofit and the generated code cost (this side against {@link ColdStartBaseline}) and
 * what the SDK adds on top (against {@link ColdStartSdk}); see {@link ColdStartDriver}.
 */
public final class ColdStartGenerated {

    private ColdStartGenerated() {
    }

    public static void main(String[] args) throws IOException {
        HttpUrl tokenUrl = HttpUrl.get(args[0]); // {base}/realms/{realm}/protocol/openid-connect/token
        List<String> path = tokenUrl.pathSegments();
        int n = path.size();
        HttpUrl.Builder base = tokenUrl.newBuilder();
        for (int i = 0; i < 5; i++) {
            base.removePathSegment(n - 5);
        }
        Retrofit retrofit = new Retrofit.Builder()
                .baseUrl(base.addPathSegment("").build())
                .client(new OkHttpClient())
                .addConverterFactory(GsonConverterFactory.create())
                .build();
        KeycloakTokenResponse token = retrofit.create(TokenApi.class)
                .requestToken(path.get(n - 4), "client_credentials", DemoCredentials.SELLYTICS_CLIENT_ID,
                        DemoCredentials.SELLYTICS_CLIENT_SECRET, DemoCredentials.SELLYTICS_SCOPE)
                .execute().body();
        System.out.println("token " + token.getAccessToken().length() + " chars, cpu_ms=" + SelfCpu.millis());
        System.exit(0);
    }
}
