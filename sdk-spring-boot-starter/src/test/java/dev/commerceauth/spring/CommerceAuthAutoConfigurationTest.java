package dev.commerceauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.emulator.TokenServerEmulatorExtension;
import dev.commerceauth.micrometer.TokenMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration, against the emulator over real HTTP. */
class CommerceAuthAutoConfigurationTest {

    @RegisterExtension
    static final TokenServerEmulatorExtension EMULATOR = new TokenServerEmulatorExtension();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CommerceAuthAutoConfiguration.class));

    static String[] threeRegistrations(TokenServerEmulator emulator) {
        return new String[] {
            "commerceauth.registration.checkout.provider=commercelayer",
            "commerceauth.registration.checkout.base-url=" + emulator.commerceLayerBaseUrl(),
            "commerceauth.registration.checkout.client-id=" + DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
            "commerceauth.registration.checkout.scopes=market:id:" + DemoCredentials.COMMERCELAYER_MARKET_ID,
            "commerceauth.registration.reports.provider=sellytics",
            "commerceauth.registration.reports.token-url=" + emulator.sellyticsTokenUrl(),
            "commerceauth.registration.reports.client-id=" + DemoCredentials.SELLYTICS_CLIENT_ID,
            "commerceauth.registration.reports.client-secret=" + DemoCredentials.SELLYTICS_CLIENT_SECRET,
            "commerceauth.registration.reports.scopes=" + DemoCredentials.SELLYTICS_SCOPE,
            "commerceauth.registration.reports.soft-margin=20s",
            "commerceauth.registration.reports.wait-timeout=5s",
            "commerceauth.registration.backoffice.provider=shopware",
            "commerceauth.registration.backoffice.shop-url=" + emulator.shopwareUrl(),
            "commerceauth.registration.backoffice.grant-type=password",
            "commerceauth.registration.backoffice.username=" + DemoCredentials.SHOPWARE_ADMIN_USERNAME,
            "commerceauth.registration.backoffice.password=" + DemoCredentials.SHOPWARE_ADMIN_PASSWORD,
        };
    }

    @Test
    void registersOneTokenProviderBeanPerRegistrationThatFetchesRealTokens() {
        runner.withPropertyValues(threeRegistrations(EMULATOR.emulator())).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(TokenProvider.class))
                    .containsOnlyKeys("checkoutTokenProvider", "reportsTokenProvider", "backofficeTokenProvider");
            CommerceAuthTokenProviders providers = context.getBean(CommerceAuthTokenProviders.class);
            assertThat(providers.names()).containsExactly("checkout", "reports", "backoffice");
            for (String name : providers.names()) {
                AccessToken token = providers.get(name).token();
                assertThat(token.value()).isNotBlank();
                assertThat(providers.get(name)).isSameAs(context.getBean(name + "TokenProvider"));
            }
            assertThat(providers.get("checkout").token().scope().toWireValue()).contains("market:id:" + DemoCredentials.COMMERCELAYER_MARKET_ID);
            assertThat(providers.get("backoffice").token().refreshToken()).isPresent();
            assertThatThrownBy(() -> providers.get("nope")).hasMessageContaining("checkout, reports, backoffice");
            assertThat(BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getBeanFactory(), TokenProvider.class, "reports"))
                    .isSameAs(providers.get("reports"));
        });
    }

    @Test
    void injectsByQualifierAndClosesTheProvidersWithTheContext() {
        List<TokenProvider> seen = new ArrayList<>();
        runner.withPropertyValues(threeRegistrations(EMULATOR.emulator()))
                .withUserConfiguration(QualifiedUser.class)
                .run(context -> {
                    QualifiedUser user = context.getBean("user", QualifiedUser.class);
                    assertThat(user.tokens).isSameAs(context.getBean("checkoutTokenProvider"));
                    user.tokens.token();
                    seen.add(user.tokens);
                });
        assertThatThrownBy(() -> seen.get(0).token()).isInstanceOf(IllegalStateException.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedUser {
        TokenProvider tokens;

        @Bean
        QualifiedUser user(@Qualifier("checkout") TokenProvider tokens) {
            QualifiedUser user = new QualifiedUser();
            user.tokens = tokens;
            return user;
        }
    }

    @Test
    void withoutRegistrationsThereAreNoProviders() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(TokenProvider.class)).isEmpty();
            assertThat(context.getBean(CommerceAuthTokenProviders.class).names()).isEmpty();
        });
    }

    @Test
    void failsAtStartUpNamingTheProperty() {
        String url = EMULATOR.emulator().sellyticsTokenUrl();
        assertStartupFailure("commerceauth.registration.r.provider", "commerceauth.registration.r.client-id=x");
        assertStartupFailure("commerceauth.registration.r.token-url", "commerceauth.registration.r.provider=sellytics",
                "commerceauth.registration.r.client-id=x", "commerceauth.registration.r.client-secret=y");
        assertStartupFailure("commerceauth.registration.r.token-url", "commerceauth.registration.r.provider=sellytics",
                "commerceauth.registration.r.token-url=http://sso.example.com/token",          // plain http off loopback
                "commerceauth.registration.r.client-id=x", "commerceauth.registration.r.client-secret=y");
        assertStartupFailure("commerceauth.registration.r.client-secret", "commerceauth.registration.r.provider=sellytics",
                "commerceauth.registration.r.token-url=" + url, "commerceauth.registration.r.client-id=x");
        assertStartupFailure("commerceauth.registration.r.client-id", "commerceauth.registration.r.provider=shopware",
                "commerceauth.registration.r.shop-url=" + EMULATOR.emulator().shopwareUrl(),
                "commerceauth.registration.r.client-secret=y");
        assertStartupFailure("commerceauth.registration.r.password", "commerceauth.registration.r.provider=commercelayer",
                "commerceauth.registration.r.grant-type=password", "commerceauth.registration.r.client-id=x",
                "commerceauth.registration.r.username=someone@example.com");
        assertStartupFailure("commerceauth.registration.r.domain", "commerceauth.registration.r.provider=commercelayer",
                "commerceauth.registration.r.domain=not a domain", "commerceauth.registration.r.client-id=x");
        assertStartupFailure("commerceauth.registration.r.soft-margin-fraction", "commerceauth.registration.r.provider=commercelayer",
                "commerceauth.registration.r.client-id=x", "commerceauth.registration.r.soft-margin-fraction=7");
        assertStartupFailure("commerceauth.registration.r.grant-type", "commerceauth.registration.r.provider=sellytics",
                "commerceauth.registration.r.token-url=" + url, "commerceauth.registration.r.grant-type=password",
                "commerceauth.registration.r.client-id=x", "commerceauth.registration.r.username=u",
                "commerceauth.registration.r.password=p-secret-value");
    }

    @Test
    void aRejectedSecretIsNamedButNeverShown() {
        String secret = "s\u00e9cret-with-a-non-ascii-letter";
        runner.withPropertyValues("commerceauth.registration.r.provider=sellytics",
                "commerceauth.registration.r.token-url=" + EMULATOR.emulator().sellyticsTokenUrl(),
                "commerceauth.registration.r.client-id=x", "commerceauth.registration.r.client-secret=" + secret)
                .run(context -> {
                    assertThat(context).hasFailed();
                    String messages = messages(context.getStartupFailure());
                    assertThat(messages).contains("commerceauth.registration.r.client-secret").contains("******")
                            .doesNotContain(secret);
                });
    }

    private void assertStartupFailure(String property, String... values) {
        runner.withPropertyValues(values).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).as(Arrays.toString(values)).contains(property);
        });
    }

    static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }

    @Test
    void recordsMicrometerMetricsPerRegistrationWhenARegistryIsPresent() {
        runner.withPropertyValues(threeRegistrations(EMULATOR.emulator()))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    context.getBean(CommerceAuthTokenProviders.class).get("reports").token();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(TokenMetrics.REQUESTS).tags("registration", "reports", "provider", "sellytics",
                            "grant.type", "client_credentials", "outcome", "success").timer().count()).isEqualTo(1);
                    assertThat(registry.get(TokenMetrics.RENEWALS).tags("registration", "reports", "mode", "blocking")
                            .counter().count()).isEqualTo(1);
                    assertThat(registry.get(TokenMetrics.EXPIRES_IN).tags("registration", "reports").gauge().value())
                            .isPositive();
                    assertThat(registry.find(TokenMetrics.EXPIRES_IN).gauges()).hasSize(3);
                });
    }

    @Test
    void metricsCanBeSwitchedOffAndTheStarterRunsWithoutMicrometerOrActuator() {
        runner.withPropertyValues(threeRegistrations(EMULATOR.emulator()))
                .withPropertyValues("commerceauth.metrics.enabled=false")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    context.getBean(CommerceAuthTokenProviders.class).get("reports").token();
                    assertThat(context.getBean(MeterRegistry.class).getMeters()).isEmpty();
                });
        runner.withPropertyValues(threeRegistrations(EMULATOR.emulator()))
                .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(TokenProviderInstrumentation.class);
                    assertThat(context).doesNotHaveBean(CommerceAuthSanitizingFunction.class);
                    assertThat(context).doesNotHaveBean("commerceAuthHealthContributor");
                    assertThat(context.getBean(CommerceAuthTokenProviders.class).get("checkout").token()).isNotNull();
                });
    }

    @Test
    void reportsEachRegistrationsHealthWithoutItsToken() {
        TokenServerEmulator emulator = EMULATOR.emulator();
        runner.withPropertyValues(threeRegistrations(emulator))
                .withPropertyValues("commerceauth.registration.broken.provider=sellytics",
                        "commerceauth.registration.broken.token-url=" + emulator.sellyticsTokenUrl(),
                        "commerceauth.registration.broken.client-id=" + DemoCredentials.SELLYTICS_CLIENT_ID,
                        "commerceauth.registration.broken.client-secret=not-the-secret")
                .run(context -> {
                    CompositeHealthContributor health = context.getBean("commerceAuthHealthContributor", CompositeHealthContributor.class);
                    CommerceAuthTokenProviders providers = context.getBean(CommerceAuthTokenProviders.class);
                    assertThat(indicator(health, "checkout").getStatus()).isEqualTo(Status.UP);
                    assertThat(indicator(health, "checkout").getDetails()).containsEntry("lastRefresh", "none");

                    AccessToken token = providers.get("checkout").token();
                    Health up = indicator(health, "checkout");
                    assertThat(up.getStatus()).isEqualTo(Status.UP);
                    assertThat(up.getDetails()).containsEntry("provider", "commercelayer")
                            .containsEntry("grantType", "client_credentials").containsEntry("lastRefresh", "fetched")
                            .containsKeys("lastRefreshAt", "expiresAt", "expiresInSeconds");
                    assertThat((Long) up.getDetails().get("expiresInSeconds")).isPositive();

                    assertThatThrownBy(() -> providers.get("broken").token()).isInstanceOf(TokenException.class);
                    Health down = indicator(health, "broken");
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("lastRefresh", "failed").containsEntry("tokenStillServed", false)
                            .containsKey("error");

                    String all = up.toString() + down + health;
                    assertThat(all).doesNotContain(token.value()).doesNotContain("not-the-secret")
                            .doesNotContain(DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID)
                            .doesNotContain(DemoCredentials.SELLYTICS_CLIENT_ID);
                });
    }

    private static Health indicator(CompositeHealthContributor health, String name) {
        return ((HealthIndicator) health.getContributor(name)).health();
    }

    @Test
    void propertiesNeverPrintTheirSecrets() {
        runner.withPropertyValues(threeRegistrations(EMULATOR.emulator())).run(context -> {
            String printed = context.getBean(CommerceAuthProperties.class).toString()
                    + context.getBean(CommerceAuthTokenProviders.class)
                    + context.getBeansOfType(TokenProvider.class);
            assertThat(printed).contains("reports").doesNotContain(DemoCredentials.SELLYTICS_CLIENT_SECRET)
                    .doesNotContain(DemoCredentials.SHOPWARE_ADMIN_PASSWORD);
        });
    }

    @Test
    void generatesConfigurationMetadataForTheIde() throws Exception {
        try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json").isNotNull();
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(json).contains("\"commerceauth.registration\"")
                    .contains("CommerceAuthProperties$Registration")
                    .contains("\"commerceauth.metrics.enabled\"")
                    .contains("\"management.health.commerceauth.enabled\"");
        }
    }
}
