package com.example.boot4;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.spring.BearerTokenInterceptor;
import dev.commerceauth.spring.CommerceAuthTokenProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Starts a Spring Boot 4 context on the starter, fetches a token and calls the emulator's protected resource. */
@SpringBootApplication(proxyBeanMethods = false)
public class Boot4Check {

    public static void main(String[] args) {
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().start();
             ConfigurableApplicationContext context = SpringApplication.run(Boot4Check.class,
                     "--spring.main.banner-mode=off", "--logging.level.root=warn",
                     "--commerceauth.registration.catalog.provider=commercelayer",
                     "--commerceauth.registration.catalog.base-url=" + emulator.commerceLayerBaseUrl(),
                     "--commerceauth.registration.catalog.client-id=" + DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID,
                     "--commerceauth.registration.catalog.client-secret=" + DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET)) {
            TokenProvider tokens = context.getBean(CommerceAuthTokenProviders.class).get("catalog");
            if (tokens != context.getBean("catalogTokenProvider")) {
                throw new IllegalStateException("the registration's bean is not the one CommerceAuthTokenProviders returns");
            }
            AccessToken token = tokens.token();
            RestClient client = RestClient.builder().requestInterceptor(BearerTokenInterceptor.of(tokens)).build();
            ResponseEntity<String> echo = client.get().uri(emulator.protectedResourceUrl()).retrieve().toEntity(String.class);
            emulator.revokeAllTokens();
            ResponseEntity<String> retried = client.get().uri(emulator.protectedResourceUrl()).retrieve().toEntity(String.class);
            String metrics = context.getBeanProvider(MeterRegistry.class).stream()
                    .map(r -> r.find("commerceauth.token.requests").timers().size() + " request timers")
                    .findFirst().orElse("no MeterRegistry");
            System.out.println("spring-boot-4-check: Spring Boot " + SpringBootVersion.getVersion() + ", got " + token
                    + ", protected resource HTTP " + echo.getStatusCode().value()
                    + ", after revocation HTTP " + retried.getStatusCode().value() + " (one retry with a new token), "
                    + metrics);
        }
    }
}
