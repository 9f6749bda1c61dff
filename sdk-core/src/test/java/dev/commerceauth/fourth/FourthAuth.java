package dev.commerceauth.fourth;

import com.google.gson.annotations.SerializedName;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenClientBuilder;
import dev.commerceauth.core.internal.Endpoints;
import dev.commerceauth.core.internal.Provider;
import dev.commerceauth.core.internal.TokenEndpoint;
import dev.commerceauth.core.internal.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.POST;

/**
 * A fourth provider written the way the SDK's three are, to show what adding one takes: its client,
 * its builder extending {@link TokenClientBuilder} like any subclass, and its
 * {@link FourthErrorDialect}; nothing in a shared list or table. Its "generated" API is the
 * hand-written {@link Api} below.
 */
final class FourthAuth implements TokenClient {

    static final Provider PROVIDER = new Provider("Fourth", "Check the fourth provider's API key.",
            Duration.ofSeconds(900), new FourthErrorDialect());

    private final TokenEndpoint endpoint;
    private final Api api;

    private FourthAuth(Builder b, Transport transport) {
        if (b.baseUrl == null) {
            throw new IllegalArgumentException("baseUrl is required");
        }
        this.endpoint = new TokenEndpoint(PROVIDER, Endpoints.parse(b.baseUrl, transport.allowInsecureHttp(), "baseUrl"),
                transport);
        this.api = endpoint.api(Api.class);
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public AccessToken requestToken(Grant grant) {
        TokenEndpoint.Answer<TokenResponse> answer = endpoint.requestToken(grant, g -> {
            if (!supports(g)) {
                throw new IllegalArgumentException("Fourth supports only client_credentials");
            }
            return api.requestToken(g.grantType(), g.clientId(), g.clientSecret().get().reveal());
        }, "Check the baseUrl.");
        TokenResponse body = answer.body();
        return answer.toToken(body.accessToken, body.tokenType, body.expiresIn, null, null,
                Collections.<String, Object>emptyMap());
    }

    @Override
    public boolean supports(Grant grant) {
        return grant instanceof ClientCredentialsGrant;
    }

    @Override
    public void revoke(String token) {
        throw new UnsupportedOperationException("Fourth has no revocation endpoint");
    }

    @Override
    public Clock clock() {
        return endpoint.clock();
    }

    /** The client token requests run on, for the test. */
    OkHttpClient httpClient() {
        return endpoint.client();
    }

    /** The fourth provider's wire API. */
    interface Api {
        @FormUrlEncoded
        @POST("oauth/token")
        Call<TokenResponse> requestToken(@Field("grant_type") String grantType, @Field("client_id") String clientId,
                @Field("client_secret") String clientSecret);
    }

    /** The fourth provider's token answer. */
    static final class TokenResponse {
        @SerializedName("access_token")
        String accessToken;
        @SerializedName("token_type")
        String tokenType;
        @SerializedName("expires_in")
        Long expiresIn;
    }

    /** Extends the shared builder like any subclass: a no-argument constructor, no key, no allow-list. */
    static final class Builder extends TokenClientBuilder<Builder, FourthAuth> {
        private String baseUrl;

        Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        @Override
        public FourthAuth build() {
            return new FourthAuth(this, Transport.of(hardenedClient(), tokenClock(), insecureHttpAllowed()));
        }
    }
}
