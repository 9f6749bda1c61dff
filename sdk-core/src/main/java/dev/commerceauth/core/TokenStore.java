package dev.commerceauth.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link CachingTokenProvider} keeps its tokens beyond its own memory, so that several
 * providers, or several processes through a store you implement (a database, Redis, …), share one
 * token instead of each requesting its own.
 *
 * <p>A provider reads the store only when it is about to call the token endpoint (never on the hot
 * path): a usable token found there is adopted without a request, and a rotated refresh token found
 * there is used for the next refresh if it is newer than the provider's own. It writes every new
 * token, and removes a token that was {@linkplain TokenProvider#invalidate(AccessToken) invalidated}
 * with {@link #remove(String, AccessToken)}. Store calls run on a few threads of their own (at most
 * {@value dev.commerceauth.core.internal.cache.SharedRefreshExecutor#STORE_THREADS} for all providers; a call that
 * finds them all busy waits for one within its own bound) and are bounded by a quarter of the provider's wait
 * timeout, at most
 * {@value dev.commerceauth.core.internal.cache.RefreshPolicy#STORE_TIMEOUT_MAX_MILLIS} ms. A store that throws is
 * logged once per outage and ignored: the provider degrades to fetching; a store that does not answer in time is
 * skipped for {@value dev.commerceauth.core.internal.cache.RefreshPolicy#STORE_PAUSE_SECONDS} seconds.
 * Implementations should still bound their own I/O: a call that hangs holds one of the store threads
 * until it returns.
 *
 * <p>Keys come from {@link #key(String, Grant, String)}: a hash of the endpoint, grant type, client
 * id, scopes and the user (the password grant's username or an explicit subject), so that tenants
 * and users never share tokens. Secrets never go into a key. Stored tokens hold the access token and
 * refresh token in clear: a persistent store must protect them like passwords.
 *
 * <p>A store shared by several processes should also implement {@link CoordinatedTokenStore}: with
 * one, providers take a lease on the key before they call the token endpoint, so the fleet makes
 * one request per refresh cycle and spends each refresh token once (see "Sharing" in
 * {@link CachingTokenProvider}); with a plain store each process still refreshes on its own.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TokenStore {

    /**
     * Returns the token stored under {@code key}, if any.
     *
     * @param key a key from {@link #key(String, Grant, String)}
     * @return the token, or empty
     */
    Optional<AccessToken> get(String key);

    /**
     * Stores {@code token} under {@code key}, replacing any previous one.
     *
     * @param key a key from {@link #key(String, Grant, String)}
     * @param token the token
     */
    void put(String key, AccessToken token);

    /**
     * Removes the token stored under {@code key}, if any.
     *
     * @param key a key from {@link #key(String, Grant, String)}
     */
    void remove(String key);

    /**
     * Removes the token stored under {@code key} only if it is still {@code expected} (the same
     * {@linkplain AccessToken#value() access token value}), so that a provider dropping a rejected
     * token never removes a newer one another provider stored meanwhile.
     *
     * <p>The default implementation is a {@link #get(String)} followed by {@link #remove(String)},
     * which is not atomic; stores that can compare and delete atomically (the in-memory store, a
     * Redis script, a conditional SQL {@code DELETE}) should override it.
     *
     * @param key a key from {@link #key(String, Grant, String)}
     * @param expected the token to remove
     * @return whether a token was removed
     */
    default boolean remove(String key, AccessToken expected) {
        Objects.requireNonNull(expected, "expected");
        AccessToken stored = get(key).orElse(null);
        if (stored != null && stored.value().equals(expected.value())) {
            remove(key);
            return true;
        }
        return false;
    }

    /**
     * Returns a new store that keeps tokens in this process's memory; share one instance between
     * providers to share their tokens. The store is a {@link CoordinatedTokenStore} (the same as
     * {@link CoordinatedTokenStore#inMemory()} returns).
     *
     * @return an empty in-memory store
     */
    static TokenStore inMemory() {
        return new InMemoryTokenStore();
    }

    /**
     * Derives the store key for tokens of {@code grant} from {@code endpoint}: a SHA-256 hash of
     * the endpoint, grant type, client id, scopes (order-insensitive) and user. The user is
     * {@code subject} when given, else the username of a {@link PasswordGrant}. Secrets (client
     * secret, password, code, assertion, refresh token) are never part of the key.
     *
     * @param endpoint identifies the token endpoint or tenant, for example the token URL or the
     *     shop URL
     * @param grant the grant
     * @param subject the user the tokens belong to, or {@code null} for a client's own tokens or a
     *     password grant's username
     * @return the key, {@code "commerceauth:v1:"} followed by 64 hex digits
     */
    static String key(String endpoint, Grant grant, String subject) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(grant, "grant");
        String implied = grant.impliedSubject();
        String user = subject != null ? subject : implied != null ? implied : "";
        List<String> scopes = new ArrayList<>(grant.scope().values());
        Collections.sort(scopes);
        String material = "v1\u0000" + endpoint.trim() + "\u0000" + grant.grantType() + "\u0000" + grant.clientId()
                + "\u0000" + String.join(" ", scopes) + "\u0000" + user;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return Hex.append(new StringBuilder("commerceauth:v1:"), hash).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
