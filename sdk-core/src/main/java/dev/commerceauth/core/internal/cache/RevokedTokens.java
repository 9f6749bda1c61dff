package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of the last {@value #CAPACITY} access and refresh tokens revoked through the cache's
 * client, so that the cache never hands out, adopts from the store or renews with one of them again.
 * Bounded: the oldest is forgotten first (by then it has long expired or been replaced). Read only
 * off the hot path (before adopting or publishing a token). Thread-safe.
 */
final class RevokedTokens {

    /** How many revoked values are remembered. */
    static final int CAPACITY = 64;

    private final Map<String, Boolean> values = new LinkedHashMap<String, Boolean>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };
    /** Whether any value was ever added: until then no lock is taken. */
    private volatile boolean any;

    /** Remembers a revoked access or refresh token value. */
    synchronized void add(String value) {
        values.put(value, Boolean.TRUE);
        any = true;
    }

    /** Whether {@code value} was revoked. */
    boolean contains(String value) {
        if (!any || value == null) {
            return false;
        }
        synchronized (this) {
            return values.containsKey(value);
        }
    }

    /** Whether {@code token}'s access token or its refresh token was revoked. */
    boolean covers(AccessToken token) {
        return contains(token.value()) || contains(token.refreshToken().orElse(null));
    }
}
