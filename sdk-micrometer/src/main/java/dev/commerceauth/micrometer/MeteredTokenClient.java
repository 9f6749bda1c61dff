package dev.commerceauth.micrometer;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ForwardingTokenClient;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Forwards every call to its delegate and times {@link #requestToken} (one request to the token
 * endpoint) as {@link TokenMetrics#REQUESTS}; {@link ForwardingTokenClient} forwards the rest, so
 * that the provider built on it behaves as on the delegate (revocation listeners, supported grants).
 */
final class MeteredTokenClient extends ForwardingTokenClient {

    private final MeterRegistry registry;
    private final Tags tags;

    MeteredTokenClient(TokenClient delegate, MeterRegistry registry, Tags tags) {
        super(delegate);
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public AccessToken requestToken(Grant grant) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failure";
        String exception = "none";
        try {
            AccessToken token = super.requestToken(grant);
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
    public String toString() {
        return "Metered(" + delegate() + ")";
    }
}
