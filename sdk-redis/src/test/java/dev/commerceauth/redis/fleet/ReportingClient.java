package dev.commerceauth.redis.fleet;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ForwardingTokenClient;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;

/**
 * A {@link TokenClient} that reports every request this process sends to the token endpoint
 * ({@code requesting} before, {@code requested} or {@code request-failed} after) and delegates
 * everything else. Only the process that holds the store's lease should ever print
 * {@code requesting}: the fleet tests find the lease holder by it.
 */
final class ReportingClient extends ForwardingTokenClient {

    private final WorkerOutput out;

    ReportingClient(TokenClient delegate, WorkerOutput out) {
        super(delegate);
        this.out = out;
    }

    @Override
    public AccessToken requestToken(Grant grant) {
        out.event("requesting", grant.grantType());
        try {
            AccessToken token = super.requestToken(grant);
            out.event("requested", grant.grantType() + " expiresAt=" + token.expiresAt().toEpochMilli());
            return token;
        } catch (RuntimeException e) {
            out.event("request-failed", grant.grantType() + " " + e.getClass().getSimpleName());
            throw e;
        }
    }
}
