package dev.commerceauth.redis.fleet;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link TokenClient} that reports every request this process sends to the token endpoint
 * ({@code requesting} before, {@code requested} or {@code request-failed} after) and delegates
 * everything else. Only the process that holds the store's lease should ever print
 * {@code requesting}: the fleet tests find the lease holder by it.
 */
final class ReportingClient implements TokenClient {

    private final TokenClient delegate;
    private final WorkerOutput out;

    ReportingClient(TokenClient delegate, WorkerOutput out) {
        this.delegate = delegate;
        this.out = out;
    }

    @Override
    public AccessToken requestToken(Grant grant) {
        out.event("requesting", grant.grantType());
        try {
            AccessToken token = delegate.requestToken(grant);
            out.event("requested", grant.grantType() + " expiresAt=" + token.expiresAt().toEpochMilli());
            return token;
        } catch (RuntimeException e) {
            out.event("request-failed", grant.grantType() + " " + e.getClass().getSimpleName());
            throw e;
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
}
