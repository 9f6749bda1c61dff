package dev.commerceauth.benchmarks;

import com.google.gson.Gson;
import com.google.gson.annotations.SerializedName;
import java.io.IOException;
import java.time.Instant;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The baseline every wire and cold-start figure is compared with: what a developer writes by hand
 * with OkHttp 3.14.9 and Gson to get a {@code client_credentials} token. One form POST, a status
 * check, a Gson parse into a small class, the expiry computed from the time the request was sent.
 * No retries, no error mapping, no redaction, no validation beyond "2xx with an access_token": the
 * bare minimum, so the ratio shows what the SDK's extra work costs.
 */
public final class HandWrittenTokenCall {

    /** The fields of a token response the hand-written code reads. */
    static final class TokenResponse {
        @SerializedName("access_token")
        String accessToken;
        @SerializedName("token_type")
        String tokenType;
        @SerializedName("expires_in")
        long expiresIn;
    }

    /** What the call returns: the bearer value and its expiry. */
    public record Token(String value, Instant expiresAt) {
    }

    private static final Gson GSON = new Gson();

    private final OkHttpClient client;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;

    public HandWrittenTokenCall(OkHttpClient client, String tokenUrl, String clientId, String clientSecret, String scope) {
        this.client = client;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
    }

    /** Requests one token. */
    public Token fetch() throws IOException {
        Instant sent = Instant.now();
        Request request = new Request.Builder()
                .url(tokenUrl)
                .post(new FormBody.Builder()
                        .add("grant_type", "client_credentials")
                        .add("client_id", clientId)
                        .add("client_secret", clientSecret)
                        .add("scope", scope)
                        .build())
                .build();
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                throw new IOException("token request failed: HTTP " + response.code());
            }
            TokenResponse parsed = GSON.fromJson(body.charStream(), TokenResponse.class);
            if (parsed == null || parsed.accessToken == null) {
                throw new IOException("token response without access_token");
            }
            return new Token(parsed.accessToken, sent.plusSeconds(parsed.expiresIn));
        }
    }
}
