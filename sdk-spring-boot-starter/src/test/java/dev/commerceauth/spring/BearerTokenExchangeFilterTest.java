package dev.commerceauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.emulator.TokenServerEmulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** WebClient with {@link BearerTokenExchangeFilter}, over real HTTP to the emulator's protected echo endpoint. */
class BearerTokenExchangeFilterTest {

    @RegisterExtension
    static final TokenServerEmulatorExtension EMULATOR = new TokenServerEmulatorExtension();

    private static WebClient webClient(TokenProvider tokens) {
        return WebClient.builder().clientConnector(new JdkClientHttpConnector())
                .filter(BearerTokenExchangeFilter.of(tokens)).build();
    }

    @Test
    void sendsTheBearerTokenAndRetriesOnceWithANewTokenAfterA401() {
        TokenServerEmulator emulator = EMULATOR.emulator();
        try (TokenProvider tokens = BearerTokenInterceptorTest.integrationTokens(emulator,
                DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET)) {
            WebClient client = webClient(tokens);
            String body = client.get().uri(emulator.protectedResourceUrl()).retrieve().bodyToMono(String.class)
                    .block(Duration.ofSeconds(10));
            assertThat(body).contains("\"authenticated\":true");
            int tokenRequests = emulator.tokenRequestCount();

            emulator.revokeAllTokens();
            String retried = client.get().uri(emulator.protectedResourceUrl()).retrieve().bodyToMono(String.class)
                    .block(Duration.ofSeconds(10));
            assertThat(retried).contains("\"authenticated\":true");
            assertThat(emulator.tokenRequestCount()).isEqualTo(tokenRequests + 1);
        }
    }

    @Test
    void neverAsksTheProviderOnANonBlockingThread() {
        TokenServerEmulator emulator = EMULATOR.emulator();
        try (TokenProvider real = BearerTokenInterceptorTest.integrationTokens(emulator,
                DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET)) {
            AccessToken token = real.token();
            List<String> threads = new CopyOnWriteArrayList<>();
            TokenProvider tokens = mock(TokenProvider.class);        // the collaborator: records where it is asked
            when(tokens.token()).thenAnswer(invocation -> {
                threads.add(Thread.currentThread().getName());
                return token;
            });
            WebClient client = webClient(tokens);
            String body = Mono.defer(() -> client.get().uri(emulator.protectedResourceUrl()).retrieve().bodyToMono(String.class))
                    .subscribeOn(Schedulers.parallel())                // a NonBlocking thread, like a Netty event loop
                    .block(Duration.ofSeconds(10));
            assertThat(body).contains("\"authenticated\":true");
            assertThat(threads).hasSize(1);
            assertThat(threads.get(0)).startsWith("boundedElastic");

            String direct = client.get().uri(emulator.protectedResourceUrl()).retrieve().bodyToMono(String.class)
                    .block(Duration.ofSeconds(10));                    // subscribed on the test's own (blocking) thread
            assertThat(direct).contains("\"authenticated\":true");
            assertThat(threads).hasSize(2);
            assertThat(threads.get(1)).isEqualTo(Thread.currentThread().getName());
        }
    }
}
