package dev.commerceauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The secrets of the registrations are masked in /actuator/env and /actuator/configprops, even with show-values=always. */
class SecretsSanitizedTest {

    @RegisterExtension
    static final TokenServerEmulatorExtension EMULATOR = new TokenServerEmulatorExtension();

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    @Test
    void envAndConfigpropsShowTheRegistrationsWithTheirSecretsMasked() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CommerceAuthAutoConfiguration.class, EndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class))
                .withPropertyValues(CommerceAuthAutoConfigurationTest.threeRegistrations(EMULATOR.emulator()))
                .withPropertyValues("management.endpoints.web.exposure.include=*",
                        "management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    String env = json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
                    String configprops = json.writeValueAsString(
                            context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
                    for (String shown : new String[] {env, configprops}) {
                        assertThat(shown).contains(DemoCredentials.SELLYTICS_CLIENT_ID)     // values are shown ...
                                .contains(SanitizableData.SANITIZED_VALUE)
                                .doesNotContain(DemoCredentials.SELLYTICS_CLIENT_SECRET)   // ... but not the secrets
                                .doesNotContain(DemoCredentials.SHOPWARE_ADMIN_PASSWORD);
                    }
                    assertThat(configprops).contains("commerceauth");
                });
    }

    @Test
    void masksOnlyTheStartersSecretKeys() {
        assertThat(CommerceAuthSanitizingFunction.isSecret("commerceauth.registration.checkout.client-secret")).isTrue();
        assertThat(CommerceAuthSanitizingFunction.isSecret("commerceauth.registration.checkout.password")).isTrue();
        assertThat(CommerceAuthSanitizingFunction.isSecret("COMMERCEAUTH_REGISTRATION_CHECKOUT_CLIENT_SECRET")).isTrue();
        assertThat(CommerceAuthSanitizingFunction.isSecret("commerceauth.registration.checkout.clientSecret")).isTrue();
        assertThat(CommerceAuthSanitizingFunction.isSecret("commerceauth.registration.checkout.client-id")).isFalse();
        assertThat(CommerceAuthSanitizingFunction.isSecret("commerceauth.registration.checkout.username")).isFalse();
        assertThat(CommerceAuthSanitizingFunction.isSecret("spring.datasource.password")).isFalse();
        assertThat(CommerceAuthSanitizingFunction.isSecret(null)).isFalse();
    }
}
