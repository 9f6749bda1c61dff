package dev.commerceauth.spring;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import java.util.Objects;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Attaches {@code Authorization: Bearer …} from a {@link TokenProvider} to every request of a
 * {@code WebClient}, never blocking an event-loop thread: subscribed on a non-blocking thread (a
 * Netty event loop, Reactor's parallel scheduler), it asks the provider for the token on
 * {@link Schedulers#boundedElastic()}, since {@link TokenProvider#token()} may wait for a request to
 * the token endpoint. On a 401 it reports the rejected token ({@link TokenProvider#invalidate}, which
 * never blocks), releases the response and exchanges the request once more with the new token; when
 * the provider hands out the same token again the 401 is returned as it is.
 *
 * <pre>{@code
 * WebClient catalog = webClientBuilder.filter(BearerTokenExchangeFilter.of(tokens)).build();
 * }</pre>
 *
 * <p>The retry re-sends the request's body inserter, as Reactor's {@code retry()} would: a body
 * built from a publisher that cannot be subscribed twice cannot be replayed. When no token can be
 * had, the provider's {@link dev.commerceauth.core.TokenException} is the error of the returned
 * {@code Mono}.
 */
public final class BearerTokenExchangeFilter implements ExchangeFilterFunction {

    private static final int UNAUTHORIZED = 401;

    private final TokenProvider tokens;

    private BearerTokenExchangeFilter(TokenProvider tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * A filter that takes its tokens from {@code tokens}.
     *
     * @param tokens the provider, typically a registration's bean
     * @return the filter
     */
    public static BearerTokenExchangeFilter of(TokenProvider tokens) {
        return new BearerTokenExchangeFilter(tokens);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return token().flatMap(token -> next.exchange(withToken(request, token)).flatMap(response -> {
            if (response.statusCode().value() != UNAUTHORIZED) {
                return Mono.just(response);
            }
            tokens.invalidate(token);
            return token().flatMap(fresh -> fresh.value().equals(token.value())
                    ? Mono.just(response)
                    : response.releaseBody().then(next.exchange(withToken(request, fresh))));
        }));
    }

    /** The provider's token, fetched off the calling thread when that thread must not block. */
    private Mono<AccessToken> token() {
        return Mono.defer(() -> {
            Mono<AccessToken> token = Mono.fromCallable(tokens::token);
            return Schedulers.isInNonBlockingThread() ? token.subscribeOn(Schedulers.boundedElastic()) : token;
        });
    }

    private static ClientRequest withToken(ClientRequest request, AccessToken token) {
        return ClientRequest.from(request).headers(headers -> headers.setBearerAuth(token.value())).build();
    }

    @Override
    public String toString() {
        return "BearerTokenExchangeFilter{" + tokens + "}";
    }
}
