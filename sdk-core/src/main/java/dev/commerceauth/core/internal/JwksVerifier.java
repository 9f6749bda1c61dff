package dev.commerceauth.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TokenVerificationException;
import dev.commerceauth.core.TransportException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Internal: verifies RS512-signed JWTs against the JWKS of one trusted issuer, using the JCA only.
 *
 * <p>Rules: the header {@code alg} must be {@code RS512} (no {@code none}, no HMAC, no other RSA
 * variant); {@code kid} must name an RSA key of at least 2048 bits in the issuer's JWKS; the
 * {@code iss} claim must equal the configured issuer (the JWKS URL is never taken from the token);
 * {@code exp} must be in the future.
 *
 * <p>Keys are cached. An unknown {@code kid} refetches the JWKS, at most once every
 * {@link #MIN_REFETCH_INTERVAL} (30 s), whether the previous fetch succeeded or failed: the time
 * of a fetch is recorded before it starts, so a failing or slow JWKS endpoint is not hammered by
 * every verification. Within the interval after a failed fetch, a key that is not cached fails
 * with an exception of the same kind as the failure (not retried on the network). Concurrent
 * verifications that need the same fetch wait for it; no lock is held during the network I/O
 * (the waiting callers block on the fetch's result, bounded by the client's call timeout). A JWKS
 * answer that is not JSON, too large, or not a key set is an {@link InvalidResponseException};
 * only network failures are a (retryable) {@link TransportException}.
 */
public final class JwksVerifier {

    /** The only accepted algorithm. */
    public static final String ALGORITHM = "RS512";

    /** The shortest time between two fetches of the JWKS: 30 seconds. */
    public static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
    private static final int MIN_RSA_BITS = 2048;

    /** The earliest epoch second {@link Instant} can hold. */
    private static final long MIN_INSTANT_SECOND = Instant.MIN.getEpochSecond();

    private final OkHttpClient client;
    private final HttpUrl issuer;
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
     * Creates a verifier for one issuer.
     *
     * @param client the hardened client
     * @param issuer the trusted issuer, for example {@code https://auth.commercelayer.io}
     * @param clock the clock for {@code exp}
     */
    public JwksVerifier(OkHttpClient client, HttpUrl issuer, Clock clock) {
        this.client = client;
        this.issuer = issuer;
        this.jwksUrl = Endpoints.asDirectory(issuer).resolve(".well-known/jwks.json");
        this.clock = clock;
    }

    /**
     * Verifies a token and returns its claims.
     *
     * @param token the compact JWS
     * @return the verified payload
     * @throws TokenVerificationException if the token must not be trusted
     */
    public JsonObject verify(String token) {
        Jwt jwt = Jwt.decodeOrNull(token);
        if (jwt == null) {
            throw new TokenVerificationException("The token is not a JWT (three base64url parts with JSON header and payload).");
        }
        String alg = jwt.headerString("alg");
        if (!ALGORITHM.equals(alg)) {
            throw new TokenVerificationException("The token's algorithm " + (alg == null ? "(none)" : "'" + safe(alg) + "'")
                    + " is not allowed; only " + ALGORITHM + " tokens are accepted.");
        }
        String kid = jwt.headerString("kid");
        if (kid == null || kid.isEmpty()) {
            throw new TokenVerificationException("The token has no key id (kid) in its header.");
        }
        String iss = Json.string(jwt.payload(), "iss");
        if (iss == null || !normalize(iss).equals(normalize(issuer.toString()))) {
            throw new TokenVerificationException("The token's issuer " + (iss == null ? "(none)" : "'" + safe(iss) + "'")
                    + " is not the configured issuer " + normalize(issuer.toString()) + ".");
        }
        PublicKey key = key(kid);
        try {
            Signature verifier = Signature.getInstance("SHA512withRSA");
            verifier.initVerify(key);
            verifier.update(jwt.signingInput());
            if (!verifier.verify(jwt.signature())) {
                throw new TokenVerificationException("The token's signature does not match key '" + safe(kid) + "'.");
            }
        } catch (GeneralSecurityException e) {
            throw new TokenVerificationException("The token's signature could not be checked ("
                    + e.getClass().getSimpleName() + ").", e);
        }
        Long exp = jwt.longClaim("exp");
        if (exp == null) {
            throw new TokenVerificationException("The token has no exp claim.");
        }
        // compared in epoch seconds: an absurd exp must not throw from Instant
        if (clock.instant().getEpochSecond() >= exp) {
            throw new TokenVerificationException("The token expired at "
                    + (exp >= MIN_INSTANT_SECOND ? Instant.ofEpochSecond(exp).toString() : "epoch second " + exp) + ".");
        }
        return jwt.payload();
    }

    private PublicKey key(String kid) {
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
                if (lastFetch != null && now.isBefore(lastFetch.plus(MIN_REFETCH_INTERVAL))) {
                    if (lastFailure != null) {
                        throw again(lastFailure, " Not fetched again before "
                                + lastFetch.plus(MIN_REFETCH_INTERVAL) + ".");
                    }
                    throw unknownKey(kid);
                }
                lastFetch = now;
                fetch = new FutureTask<>(this::fetch);
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
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
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
        return new TokenVerificationException("No RSA key with id '" + safe(kid) + "' in the issuer's JWKS " + jwksUrl + ".");
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

    /** Fetches and parses the JWKS; runs without holding {@link #lock}. */
    private Map<String, PublicKey> fetch() {
        Request request = new Request.Builder().url(jwksUrl).header("Accept", "application/json").get().build();
        String body;
        int status;
        try (Response response = client.newCall(request).execute()) {
            status = response.code();
            ResponseBody b = response.body();
            body = b == null ? "" : new String(b.bytes(), StandardCharsets.UTF_8);
        } catch (ResponseSignal s) {
            throw new InvalidResponseException("The JWKS at " + jwksUrl + " answered HTTP " + s.status + " with "
                    + (s.kind == ResponseSignal.Kind.TOO_LARGE ? "a body larger than " + BodyCapInterceptor.MAX_BODY_BYTES / 1024 + " KiB"
                    : s.kind == ResponseSignal.Kind.NOT_JSON ? "a body that is not a JSON object (" + s.contentType + ")"
                    : "an error instead of a key set") + ".", s.status);
        } catch (IOException e) {
            throw new TransportException("Could not fetch the JWKS at " + jwksUrl + " (" + e.getClass().getSimpleName()
                    + "). Check the network; retry later.", e, e instanceof java.net.SocketTimeoutException);
        }
        if (status != 200) {
            throw new InvalidResponseException("The JWKS at " + jwksUrl + " answered HTTP " + status + ".", status);
        }
        JsonElement json = Json.parseOrNull(body);
        if (json == null || !json.isJsonObject() || !json.getAsJsonObject().has("keys")
                || !json.getAsJsonObject().get("keys").isJsonArray()) {
            throw new InvalidResponseException("The JWKS at " + jwksUrl + " is not a JSON key set.", status);
        }
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonElement e : json.getAsJsonObject().getAsJsonArray("keys")) {
            if (!e.isJsonObject()) {
                continue;
            }
            JsonObject k = e.getAsJsonObject();
            String kid = Json.string(k, "kid");
            String alg = Json.string(k, "alg");
            String use = Json.string(k, "use");
            if (kid == null || !"RSA".equals(Json.string(k, "kty")) || (alg != null && !ALGORITHM.equals(alg))
                    || (use != null && !"sig".equals(use))) {
                continue;
            }
            try {
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(Json.string(k, "n")));
                BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(Json.string(k, "e")));
                PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, exponent));
                if (((RSAPublicKey) key).getModulus().bitLength() >= MIN_RSA_BITS) {
                    keys.put(kid, key);
                }
            } catch (GeneralSecurityException | RuntimeException ex) {
                Provider.LOG.fine("JWKS: skipping unreadable key " + safe(kid));
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    private static String normalize(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String safe(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
