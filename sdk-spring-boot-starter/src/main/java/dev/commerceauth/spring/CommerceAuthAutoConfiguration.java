package dev.commerceauth.spring;

import dev.commerceauth.core.TokenProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the Commerce Auth SDK: one {@link TokenProvider} bean per
 * {@code commerceauth.registration.<name>} (named {@code <name>TokenProvider}, qualified
 * {@code <name>}, closed with the context), {@link CommerceAuthTokenProviders}, and, when their
 * libraries are present, Micrometer metrics for every provider, an Actuator health contributor
 * ({@code commerceAuth}, one entry per registration) and the sanitizing of the starter's secrets in
 * the {@code env} and {@code configprops} endpoints.
 *
 * <p>The optional parts are nested configurations guarded by class names, so the starter runs on
 * Spring Boot 3.5 and 4.0 whatever the application has on its class path (on 4.0 the health
 * contributor, whose Actuator types moved, is not registered).
 */
@AutoConfiguration
@ConditionalOnClass(TokenProvider.class)
@EnableConfigurationProperties(CommerceAuthProperties.class)
public class CommerceAuthAutoConfiguration {

    /** Created by Spring Boot. */
    public CommerceAuthAutoConfiguration() {
    }

    @Bean
    static TokenProviderRegistrar commerceAuthTokenProviderRegistrar(Environment environment) {
        return new TokenProviderRegistrar(environment);
    }

    @Bean
    TokenProviderFactory commerceAuthTokenProviderFactory(CommerceAuthProperties properties,
            ObjectProvider<TokenProviderInstrumentation> instrumentation) {
        return new TokenProviderFactory(properties, instrumentation);
    }

    /**
     * The providers by registration name.
     *
     * @param properties the bound properties
     * @param beanFactory where the providers are beans
     * @return the providers
     */
    @Bean
    public CommerceAuthTokenProviders commerceAuthTokenProviders(CommerceAuthProperties properties, BeanFactory beanFactory) {
        return new CommerceAuthTokenProviders(properties, beanFactory);
    }

    /** Micrometer metrics ({@code commerceauth.token.*}) for every provider, when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnProperty(prefix = CommerceAuthProperties.PREFIX + ".metrics", name = "enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        TokenProviderInstrumentation commerceAuthMicrometerInstrumentation(
                ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return new MicrometerInstrumentation(registry);
        }
    }

    /** The secrets masked in the Actuator env and configprops endpoints. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static class SanitizingConfiguration {

        @Bean
        CommerceAuthSanitizingFunction commerceAuthSanitizingFunction() {
            return new CommerceAuthSanitizingFunction();
        }
    }

    /** The {@code commerceAuth} health contributor (Spring Boot 3.x Actuator). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.commerceauth", name = "enabled", matchIfMissing = true)
    static class HealthConfiguration {

        @Bean
        org.springframework.boot.actuate.health.CompositeHealthContributor commerceAuthHealthContributor(
                CommerceAuthProperties properties, TokenProviderFactory factory) {
            Map<String, RegistrationHealthIndicator> indicators = new LinkedHashMap<>();
            for (String name : properties.getRegistration().keySet()) {
                indicators.put(name, new RegistrationHealthIndicator(name, factory));
            }
            return org.springframework.boot.actuate.health.CompositeHealthContributor.fromMap(indicators);
        }
    }
}
