package dev.commerceauth.core.okhttp;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OkHttp application interceptor that sets {@code Authorization: Bearer <token>} on every
 * request, with the token from a {@link TokenProvider}.
 *
 * <p>An existing {@code Authorization} header is replaced. The {@link AccessToken} used is also
 * attached as the request's tag of type {@link AccessToken}, for application code (for example an
 * event listener) that wants to know which token a call carried; {@link BearerTokenAuthenticator}
 * does not rely on it: on a 401 it compares the {@code Authorization} header the server actually
 * received with the provider's current token. When the provider cannot supply a token the call fails
 * with a {@link BearerTokenUnavailableException} (an {@link IOException}, so asynchronous calls
 * reach {@code Callback.onFailure}).
 *
 * <p>Install it on the client that calls the resource server, never on the client that calls the
 * token endpoint (that would make fetching a token need a token). The provider clients of this
 * SDK use their own {@code OkHttpClient}, so a resource client with {@code maxRequestsPerHost=1}
 * cannot deadlock on a token request. Prefer {@link BearerAuth#install} to add this interceptor
 * together with the matching authenticator.
 */
public final class BearerTokenInterceptor implements Interceptor {

    private final TokenProvider provider;

    /**
     * Creates the interceptor.
     *
     * @param provider where tokens come from
     */
    public BearerTokenInterceptor(TokenProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Adds the bearer header and proceeds.
     *
     * @param chain the interceptor chain
     * @return the response
     * @throws IOException when the call fails, or a {@link BearerTokenUnavailableException} when
     *     no token could be obtained
     */
    @Override
    public Response intercept(Chain chain) throws IOException {
        AccessToken token = BearerAuth.currentToken(provider);
        return chain.proceed(BearerAuth.withToken(chain.request(), token));
    }

}
