package dev.commerceauth.spring;

import dev.commerceauth.core.TokenClient;
import dev.commerceauth.micrometer.TokenMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

/** Binds each registration to the application's {@link MeterRegistry} through {@link TokenMetrics}. */
final class MicrometerInstrumentation implements TokenProviderInstrumentation {

    private final ObjectProvider<MeterRegistry> registry;

    MicrometerInstrumentation(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Instrumented instrument(String registration, TokenClient client) {
        MeterRegistry meters = registry.getIfUnique();
        if (meters == null) {
            return null;
        }
        TokenMetrics metrics = TokenMetrics.builder(meters, client).registration(registration).build();
        return new Instrumented(metrics.client(), metrics.listener());
    }
}
