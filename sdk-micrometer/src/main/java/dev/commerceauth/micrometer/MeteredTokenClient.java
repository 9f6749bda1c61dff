package dev.commerceauth.micrometer;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Forwards every call to its delegate and times {@link #requestToken} (one request to the token
 * endpoint) as {@link TokenMetrics#REQUESTS}. Every method of {@link TokenClient}, defaults
 * included, is forwarded so that the provider built on it behaves as on the delegate (revocation
 * listeners, supported grants).
 */
final class MeteredTokenClient implements TokenClient {

    private final TokenClient delegate;
    private final MeterRegistry registry;
    private final Tags tags;

    MeteredTokenClient(TokenClient delegate, MeterRegistry registry, Tags tags) {
        this.delegate = delegate;
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public AccessToken requestToken(Grant grant) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failure";
        String exception = "none";
        try {
            AccessToken token = delegate.requestToken(grant);
            outcome = "success";
            return token;
        } catch (RuntimeException | Error e) {
            exception = MetricsListener.className(e);
            throw e;
        } finally {
            sample.stop(Timer.builder(TokenMetrics.REQUESTS)
                    .description("Requests to the token endpoint")
                    .tags(tags)
                    .tag(TokenMetrics.TAG_GRANT_TYPE, grant == null ? "none" : grant.grantType())
                    .tag(TokenMetrics.TAG_OUTCOME, outcome)
                    .tag(TokenMetrics.TAG_EXCEPTION, exception)
                    .register(registry));
        }
    }

    @Override
    public Set<String> supportedGrantTypes() {
        return delegate.supportedGrantTypes();
    }

    @Override
    public boolean supports(Grant grant) {
        return delegate.supports(grant);
    }

    @Override
    public void revoke(String token) {
        delegate.revoke(token);
    }

    @Override
    public Runnable addRevocationListener(Consumer<String> listener) {
        return delegate.addRevocationListener(listener);
    }

    @Override
    public Clock clock() {
        return delegate.clock();
    }

    @Override
    public String toString() {
        return "Metered(" + delegate + ")";
    }
}
