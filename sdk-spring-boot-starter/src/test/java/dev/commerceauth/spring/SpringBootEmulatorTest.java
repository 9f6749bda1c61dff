package dev.commerceauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/** A whole Spring Boot application on the starter, its registration pointed at the emulator. */
@SpringBootTest(classes = SpringBootEmulatorTest.Application.class, properties = {
    "commerceauth.registration.catalog.provider=commercelayer",
    "commerceauth.registration.catalog.client-id=" + DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID,
    "commerceauth.registration.catalog.client-secret=" + DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET,
})
class SpringBootEmulatorTest {

    static final TokenServerEmulator EMULATOR = TokenServerEmulator.builder().start();

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("commerceauth.registration.catalog.base-url", EMULATOR::commerceLayerBaseUrl);
    }

    @AfterAll
    static void stop() {
        EMULATOR.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        RestClient catalog(@Qualifier("catalog") TokenProvider tokens) {
            return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())
                    .requestInterceptor(BearerTokenInterceptor.of(tokens)).build();
        }
    }

    @Autowired
    RestClient catalog;

    @Autowired
    @Qualifier("catalog")
    TokenProvider tokens;

    @Autowired
    MeterRegistry meters;

    @Test
    void callsTheProtectedResourceWithTheRegistrationsToken() {
        String echo = catalog.get().uri(EMULATOR.protectedResourceUrl()).retrieve().body(String.class);
        assertThat(echo).contains("\"authenticated\":true").contains("\"dialect\":\"COMMERCE_LAYER\"");
        catalog.get().uri(EMULATOR.protectedResourceUrl()).retrieve().body(String.class);
        assertThat(EMULATOR.tokenRequestCount()).isEqualTo(1);
        assertThat(tokens.token().expiresAt()).isAfter(java.time.Instant.now());
        assertThat(meters.get("commerceauth.token.requests").tag("registration", "catalog").timer().count()).isEqualTo(1);
    }
}
