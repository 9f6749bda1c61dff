package dev.commerceauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.emulator.TokenServerEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/** RestClient and RestTemplate with {@link BearerTokenInterceptor}, over real HTTP to the emulator's protected echo endpoint. */
class BearerTokenInterceptorTest {

    @RegisterExtension
    static final TokenServerEmulatorExtension EMULATOR = new TokenServerEmulatorExtension();

    private TokenServerEmulator emulator;
    private TokenProvider tokens;

    static TokenProvider integrationTokens(TokenServerEmulator emulator, String secret) {
        return CommerceLayerAuth.builder().baseUrl(emulator.commerceLayerBaseUrl()).build()
                .tokenProvider(ClientCredentialsGrant.builder()
                        .clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID)
                        .clientSecret(secret)
                        .scope(Scope.none())
                        .build());
    }

    @BeforeEach
    void provider() {
        emulator = EMULATOR.emulator();
        tokens = integrationTokens(emulator, DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET);
    }

    @AfterEach
    void close() {
        tokens.close();
    }

    @Test
    void restClientSendsTheBearerTokenAndRetriesOnceWithANewTokenAfterA401() {
        RestClient client = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(BearerTokenInterceptor.of(tokens)).build();
        String first = client.get().uri(emulator.protectedResourceUrl()).retrieve().body(String.class);
        assertThat(first).contains("\"authenticated\":true");
        int tokenRequests = emulator.tokenRequestCount();
        int resourceRequests = emulator.protectedResourceRequestCount();
        AccessToken before = tokens.token();

        emulator.revokeAllTokens();          // the resource server now answers 401 to the cached token
        ResponseEntity<String> retried = client.get().uri(emulator.protectedResourceUrl()).retrieve().toEntity(String.class);

        assertThat(retried.getStatusCode().value()).isEqualTo(200);
        assertThat(emulator.tokenRequestCount()).isEqualTo(tokenRequests + 1);
        assertThat(emulator.protectedResourceRequestCount()).isEqualTo(resourceRequests + 2);
        assertThat(tokens.token().value()).isNotEqualTo(before.value());
    }

    @Test
    void restTemplateRetriesOnceAndReturnsThe401WhenTheProviderHasNoOtherToken() {
        RestTemplate template = new RestTemplate(new JdkClientHttpRequestFactory());
        template.getInterceptors().add(BearerTokenInterceptor.of(tokens));
        assertThat(template.getForObject(emulator.protectedResourceUrl(), String.class)).contains("\"authenticated\":true");

        emulator.revokeAllTokens();
        assertThat(template.getForEntity(emulator.protectedResourceUrl(), String.class).getStatusCode().value()).isEqualTo(200);

        // a provider that hands out the rejected token again: no second attempt, the 401 reaches the caller
        AccessToken revoked = tokens.token();
        emulator.revokeAllTokens();
        TokenProvider stale = mock(TokenProvider.class);
        when(stale.token()).thenReturn(revoked);
        RestTemplate staleTemplate = new RestTemplate(new JdkClientHttpRequestFactory());
        staleTemplate.getInterceptors().add(BearerTokenInterceptor.of(stale));
        int resourceRequests = emulator.protectedResourceRequestCount();
        assertThatThrownBy(() -> staleTemplate.getForObject(emulator.protectedResourceUrl(), String.class))
                .isInstanceOf(HttpClientErrorException.Unauthorized.class);
        assertThat(emulator.protectedResourceRequestCount()).isEqualTo(resourceRequests + 1);
        verify(stale).invalidate(revoked);
    }

    @Test
    void noTokenMeansNoRequestAndTheProvidersException() {
        try (TokenProvider wrong = integrationTokens(emulator, "not-the-secret")) {
            RestClient client = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())
                    .requestInterceptor(BearerTokenInterceptor.of(wrong)).build();
            int resourceRequests = emulator.protectedResourceRequestCount();
            assertThatThrownBy(() -> client.get().uri(emulator.protectedResourceUrl()).retrieve().body(String.class))
                    .isInstanceOf(TokenException.class).hasMessageNotContaining("not-the-secret");
            assertThat(emulator.protectedResourceRequestCount()).isEqualTo(resourceRequests);
        }
    }
}
