package dev.commerceauth.micrometer;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProviderListener;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Passes each event to every delegate; one delegate's exception never keeps the event from the
 * others. A new event of {@link TokenProviderListener} needs one more one-line override here.
 */
final class CompositeListener implements TokenProviderListener {

    private final List<TokenProviderListener> delegates;

    CompositeListener(List<TokenProviderListener> delegates) {
        this.delegates = Collections.unmodifiableList(delegates);
    }

    @Override
    public void fetched(AccessToken token) {
        each(l -> l.fetched(token));
    }

    @Override
    public void refreshed(AccessToken previous, AccessToken current) {
        each(l -> l.refreshed(previous, current));
    }

    @Override
    public void adopted(AccessToken previous, AccessToken current) {
        each(l -> l.adopted(previous, current));
    }

    @Override
    public void refreshFailed(RuntimeException error, Duration nextAttemptIn, boolean tokenStillServed) {
        each(l -> l.refreshFailed(error, nextAttemptIn, tokenStillServed));
    }

    @Override
    public void invalidated(AccessToken token) {
        each(l -> l.invalidated(token));
    }

    @Override
    public void servedWhileRefreshing(AccessToken token) {
        each(l -> l.servedWhileRefreshing(token));
    }

    private void each(Consumer<TokenProviderListener> event) {
        for (TokenProviderListener delegate : delegates) {
            try {
                event.accept(delegate);
            } catch (RuntimeException ignored) {
                // a listener must not break the cache nor the other listeners (as the TokenProviderListener contract says)
            }
        }
    }

    @Override
    public String toString() {
        return "TokenProviderListeners" + delegates;
    }
}
