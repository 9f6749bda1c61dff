package dev.commerceauth.core;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link TokenClient} that forwards every call, defaults included, to another client: extend it
 * to observe or decorate one method (typically {@link #requestToken(Grant)}, to time or log each
 * request) while a provider built on the decorator behaves exactly as on the delegate (its
 * supported grants, revocations and revocation listeners, its clock).
 *
 * <pre>{@code
 * TokenClient counted = new ForwardingTokenClient(commerceLayer) {
 *     public AccessToken requestToken(Grant grant) {
 *         requests.increment();
 *         return super.requestToken(grant);
 *     }
 * };
 * }</pre>
 */
public abstract class ForwardingTokenClient implements TokenClient {

    private final TokenClient delegate;

    /**
     * A client forwarding to {@code delegate}.
     *
     * @param delegate the client that does the work
     */
    protected ForwardingTokenClient(TokenClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The client every call is forwarded to.
     *
     * @return the delegate
     */
    protected final TokenClient delegate() {
        return delegate;
    }

    @Override
    public AccessToken requestToken(Grant grant) {
        return delegate.requestToken(grant);
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

    /**
     * Names the delegate, whose own {@code toString()} reveals no secret.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + delegate + ")";
    }
}
