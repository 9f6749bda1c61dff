package dev.commerceauth.micrometer;

import dev.commerceauth.core.TokenProviderListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Combines several {@link TokenProviderListener}s into one, for
 * {@code CachingTokenProvider.Builder#listener}, which takes a single listener.
 *
 * <pre>{@code
 * CachingTokenProvider.builder(metrics.client(), grant)
 *         .listener(TokenProviderListeners.of(metrics.listener(), TokenProviderListener.logging()))
 *         .build();
 * }</pre>
 */
public final class TokenProviderListeners {

    private TokenProviderListeners() {
    }

    /**
     * Returns a listener that passes every event to each of {@code listeners}, in order. What one of
     * them throws is ignored, and the others are still called.
     *
     * @param listeners the listeners; none may be null
     * @return the combined listener (the one listener itself when only one is given)
     * @throws NullPointerException if {@code listeners} or one of them is null
     */
    public static TokenProviderListener of(TokenProviderListener... listeners) {
        Objects.requireNonNull(listeners, "listeners");
        return of(Arrays.asList(listeners));
    }

    /**
     * Returns a listener that passes every event to each of {@code listeners}, in order. What one of
     * them throws is ignored, and the others are still called.
     *
     * @param listeners the listeners; none may be null
     * @return the combined listener (the one listener itself when only one is given)
     * @throws NullPointerException if {@code listeners} or one of them is null
     */
    public static TokenProviderListener of(List<? extends TokenProviderListener> listeners) {
        List<TokenProviderListener> copy = new ArrayList<>(listeners.size());
        for (TokenProviderListener listener : listeners) {
            copy.add(Objects.requireNonNull(listener, "listener"));
        }
        return copy.size() == 1 ? copy.get(0) : new CompositeListener(copy);
    }
}
