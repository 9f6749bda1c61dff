package dev.commerceauth.core.internal;

import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TokenVerificationException;
import dev.commerceauth.core.TransportException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Internal: the keys of one issuer's JWKS, cached, with the refetch rate limit.
 *
 * <p>An unknown key id refetches the {@link JwksDocument JWKS}, at most once every
 * {@link JwksVerifier#MIN_REFETCH_INTERVAL}, whether the previous fetch succeeded or failed: the
 * time of a fetch is recorded before it starts, so a failing or slow JWKS endpoint is not hammered
 * by every verification. Within the interval after a failed fetch, a key that is not cached fails
 * with an exception of the same kind as the failure (not retried on the network). Concurrent
 * callers that need the same fetch wait for it; no lock is held during the network I/O (the
 * waiting callers block on the fetch's result, bounded by the client's call timeout).
 */
final class JwksKeyCache {

    private final OkHttpClient client;
    private final HttpUrl jwksUrl;
    private final Clock clock;
    private final Object lock = new Object();
    /** The cached keys; replaced as a whole after each successful fetch. */
    private volatile Map<String, PublicKey> keys = Collections.emptyMap();
    /** When the last fetch started; guarded by {@link #lock}. */
    private Instant lastFetch;
    /** The failure of the last fetch, null if it succeeded; guarded by {@link #lock}. */
    private RuntimeException lastFailure;
    /** The fetch under way, or null; guarded by {@link #lock}. */
    private FutureTask<Map<String, PublicKey>> inFlight;

    /**
     * Creates an empty cache.
     *
     * @param client the hardened client
     * @param jwksUrl where the issuer's JWKS is
     * @param clock the clock of the rate limit
     */
    JwksKeyCache(OkHttpClient client, HttpUrl jwksUrl, Clock clock) {
        this.client = client;
        this.jwksUrl = jwksUrl;
        this.clock = clock;
    }

    /**
     * The key with an id, fetching the JWKS if it is not cached and the rate limit allows.
     *
     * @param kid the key id
     * @return the key
     * @throws TokenVerificationException if the issuer's JWKS has no such key
     * @throws InvalidResponseException if the JWKS is not a usable key set
     * @throws TransportException if the JWKS could not be fetched
     */
    PublicKey key(String kid) {
        PublicKey key = keys.get(kid);
        if (key != null) {
            return key;
        }
        FutureTask<Map<String, PublicKey>> fetch;
        boolean mine = false;
        synchronized (lock) {
            key = keys.get(kid);
            if (key != null) {
                return key;
            }
            fetch = inFlight;
            if (fetch == null) {
                Instant now = clock.instant();
                if (lastFetch != null && now.isBefore(lastFetch.plus(JwksVerifier.MIN_REFETCH_INTERVAL))) {
                    if (lastFailure != null) {
                        throw again(lastFailure, " Not fetched again before "
                                + lastFetch.plus(JwksVerifier.MIN_REFETCH_INTERVAL) + ".");
                    }
                    throw unknownKey(kid);
                }
                lastFetch = now;
                fetch = new FutureTask<>(() -> JwksDocument.fetch(client, jwksUrl));
                inFlight = fetch;
                mine = true;
            }
        }
        if (mine) {
            try {
                fetch.run();
            } finally {
                synchronized (lock) {
                    publish(fetch);
                    inFlight = null;
                }
            }
        }
        Map<String, PublicKey> fetched;
        try {
            fetched = fetch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while waiting for the JWKS at " + jwksUrl + ".", e, false);
        } catch (ExecutionException e) {
            RuntimeException failure = failure(e.getCause());
            throw mine ? failure : again(failure, "");
        }
        key = fetched.get(kid);
        if (key == null) {
            throw unknownKey(kid);
        }
        return key;
    }

    /** Records the outcome of a finished fetch; called holding {@link #lock}. */
    private void publish(FutureTask<Map<String, PublicKey>> fetch) {
        try {
            keys = fetch.get();
            lastFailure = null;
        } catch (ExecutionException e) {
            lastFailure = failure(e.getCause());
        } catch (InterruptedException | CancellationException e) {
            lastFailure = new TransportException("The JWKS fetch at " + jwksUrl + " was interrupted.", e, false);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException failure(Throwable cause) {
        return cause instanceof RuntimeException ? (RuntimeException) cause
                : new TransportException("Could not fetch the JWKS at " + jwksUrl + ".", cause, false);
    }

    private TokenVerificationException unknownKey(String kid) {
        return new TokenVerificationException("No RSA key with id '" + Json.printable(kid) + "' in the issuer's JWKS "
                + jwksUrl + ".");
    }

    /** A new exception of the same kind as a failure of a fetch, for another caller. */
    private static RuntimeException again(RuntimeException failure, String note) {
        String message = failure.getMessage() + note;
        if (failure instanceof InvalidResponseException) {
            return new InvalidResponseException(message, ((InvalidResponseException) failure).httpStatus(), failure);
        }
        if (failure instanceof TransportException) {
            return new TransportException(message, failure, ((TransportException) failure).isTimeout());
        }
        return new TransportException(message, failure, false);
    }
}
