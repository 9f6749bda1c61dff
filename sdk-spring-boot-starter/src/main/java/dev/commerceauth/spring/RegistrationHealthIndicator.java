package dev.commerceauth.spring;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * One registration's health, from what its provider did last (never a request of its own): DOWN
 * after a failure that left callers without a token, UP otherwise, with the last outcome, its time,
 * the failure's class and the time to expiry as details. No token, client id or user name.
 */
final class RegistrationHealthIndicator implements HealthIndicator {

    private final String name;
    private final TokenProviderFactory factory;

    RegistrationHealthIndicator(String name, TokenProviderFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    @Override
    public Health health() {
        RegistrationState state = factory.state(name);
        if (state == null) {
            return Health.unknown().withDetail("lastRefresh", "none").build();
        }
        return (state.isUp() ? Health.up() : Health.down()).withDetails(state.details()).build();
    }
}
