package dev.commerceauth.spring;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Attaches {@code Authorization: Bearer …} from a {@link TokenProvider} to every request of a
 * {@code RestClient} or {@code RestTemplate}, and on a 401 reports the rejected token to the provider
 * ({@link TokenProvider#invalidate}, compare-and-invalidate: a burst of 401s causes one new token) and
 * sends the request once more with the new token. When the provider hands out the same token again,
 * the 401 is returned as it is.
 *
 * <pre>{@code
 * @Bean
 * RestClient catalog(RestClient.Builder builder, @Qualifier("checkout") TokenProvider tokens) {
 *     return builder.requestInterceptor(BearerTokenInterceptor.of(tokens)).build();
 * }
 * }</pre>
 *
 * <p>Register it last among the interceptors: the retry goes straight to the request factory. When
 * no token can be had, the provider's {@link dev.commerceauth.core.TokenException} propagates (the
 * request is not sent).
 */
public final class BearerTokenInterceptor implements ClientHttpRequestInterceptor {

    private static final int UNAUTHORIZED = 401;

    private final TokenProvider tokens;

    private BearerTokenInterceptor(TokenProvider tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * An interceptor that takes its tokens from {@code tokens}.
     *
     * @param tokens the provider, typically a registration's bean
     * @return the interceptor
     */
    public static BearerTokenInterceptor of(TokenProvider tokens) {
        return new BearerTokenInterceptor(tokens);
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        AccessToken token = tokens.token();
        request.getHeaders().setBearerAuth(token.value());
        ClientHttpResponse response = execution.execute(request, body);
        if (response.getStatusCode().value() != UNAUTHORIZED) {
            return response;
        }
        tokens.invalidate(token);
        AccessToken fresh = tokens.token();
        if (fresh.value().equals(token.value())) {
            return response;
        }
        response.close();
        request.getHeaders().setBearerAuth(fresh.value());
        return execution.execute(request, body);
    }

    @Override
    public String toString() {
        return "BearerTokenInterceptor{" + tokens + "}";
    }
}
