package dev.commerceauth.core;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The default store: a concurrent map in this process. */
final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentMap<String, AccessToken> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<AccessToken> get(String key) {
        return Optional.ofNullable(tokens.get(key));
    }

    @Override
    public void put(String key, AccessToken token) {
        tokens.put(key, token);
    }

    @Override
    public void remove(String key) {
        tokens.remove(key);
    }

    @Override
    public boolean remove(String key, AccessToken expected) {
        Objects.requireNonNull(expected, "expected");
        boolean[] removed = new boolean[1];
        tokens.computeIfPresent(key, (k, stored) -> {
            if (stored.value().equals(expected.value())) {
                removed[0] = true;
                return null;
            }
            return stored;
        });
        return removed[0];
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore{size=" + tokens.size() + "}";
    }
}
