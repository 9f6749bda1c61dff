package dev.commerceauth.samples;

import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.spring.BearerTokenInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Spring Boot with {@code sdk-spring-boot-starter}: one {@code application.yml} registers a Commerce
 * Layer integration as {@code catalog}; the starter makes its {@link TokenProvider} bean, and a
 * {@link RestClient} with {@link BearerTokenInterceptor} calls the emulator's protected echo endpoint.
 * After every token is revoked at the server, the next call gets a 401, and the interceptor retries it
 * once with a new token. The sample also prints the registration's health and metrics.
 *
 * <p>Emulator only: to reach a real endpoint, edit {@code application.yml} (see its comments).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class SpringBootRestClient implements ModuleSample {

    /** Runs the sample. */
    public static void main(String[] args) {
        new SpringBootRestClient().run(args);
    }

    @Override
    public String name() {
        return "SpringBootRestClient";
    }

    @Override
    public void run(String[] args) {
        SampleOutput.title("Spring Boot starter: application.yml registration + RestClient with the bearer interceptor");
        try (TokenServerEmulator emulator = TokenServerEmulator.builder().tokenLifetime(Duration.ofSeconds(3)).start();
             ConfigurableApplicationContext context = SpringApplication.run(SpringBootRestClient.class,
                     "--emulator.commerce-layer-base-url=" + emulator.commerceLayerBaseUrl())) {
            TokenProvider tokens = context.getBean("catalogTokenProvider", TokenProvider.class);
            RestClient catalog = context.getBean(RestClient.class);
            SampleOutput.note("beans: catalogTokenProvider (@Qualifier(\"catalog\")), commerceAuthTokenProviders,"
                    + " commerceAuthHealthContributor; RestClient with BearerTokenInterceptor.of(tokens)");
            SampleOutput.token("access token", tokens.token());
            String url = emulator.protectedResourceUrl();
            for (int i = 0; i < 2; i++) {
                call(catalog, url, tokens);
            }
            emulator.revokeAllTokens();
            SampleOutput.note("every token revoked at the server: the next call gets a 401, then one retry with a new token");
            call(catalog, url, tokens);
            SampleOutput.token("new access token", tokens.token());

            HealthIndicator health = (HealthIndicator) context.getBean("commerceAuthHealthContributor",
                    CompositeHealthContributor.class).getContributor("catalog");
            SampleOutput.note("health of catalog: " + health.health().getStatus() + " " + health.health().getDetails());
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            SampleOutput.note("metric commerceauth.token.requests{registration=catalog,outcome=success}: "
                    + (long) meters.get("commerceauth.token.requests").tag("registration", "catalog")
                            .tag("outcome", "success").timer().count()
                    + " (emulator: " + emulator.tokenRequestCount() + " token requests for "
                    + emulator.protectedResourceRequestCount() + " calls to the protected resource)");
        }
    }

    private static void call(RestClient catalog, String url, TokenProvider tokens) {
        ResponseEntity<String> response = catalog.get().uri(url).retrieve().toEntity(String.class);
        SampleOutput.note("GET " + url + " -> HTTP " + response.getStatusCode().value()
                + " with token " + SampleOutput.mask(tokens.token().value()));
        if (!response.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException("the protected resource refused the request: HTTP " + response.getStatusCode());
        }
    }

    /**
     * The meter registry; an application with Actuator's metrics auto-configuration gets one from Spring Boot.
     *
     * @return a simple registry
     */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /**
     * The RestClient of the catalog API: every request carries the catalog registration's token.
     *
     * @param builder Spring Boot's builder
     * @param tokens the registration's provider
     * @return the client
     */
    @Bean
    RestClient catalog(RestClient.Builder builder, @Qualifier("catalog") TokenProvider tokens) {
        return builder.requestInterceptor(BearerTokenInterceptor.of(tokens)).build();
    }
}
