package dev.commerceauth.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.commerceauth.core.TokenVerificationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Internal: verifies RS512-signed JWTs against the JWKS of one trusted issuer, using the JCA only.
 *
 * <p>Rules, in order: the token is at most {@link #MAX_TOKEN_CHARS} characters, checked before
 * anything is decoded; it is a compact JWS in canonical base64url whose header and claims are
 * each one strict JSON object (no lenient syntax, no trailing data, no member twice); the header
 * has no {@code crit} member (this verifier understands no extension, RFC 7515 §4.1.11); the
 * header {@code alg} is {@code RS512} (no {@code none}, no HMAC, no other RSA variant);
 * {@code kid} is a string naming an RSA key of at least 2048 bits in the issuer's JWKS; the
 * {@code iss} claim equals the configured issuer (the JWKS URL is never taken from the token);
 * the signature verifies; {@code exp} is a number in the future (no leeway: a token is never
 * accepted after its expiry on the local clock); {@code nbf} and {@code iat}, where present, are
 * numbers no later than the local clock plus the leeway (which forgives a local clock that runs
 * behind the issuer's, and nothing else). {@code typ}, {@code cty} and header members this
 * verifier does not use ({@code jku}, {@code jwk}, {@code x5u}, …) are ignored: keys only ever
 * come from the configured issuer's JWKS.
 *
 * <p>Keys are cached ({@link JwksKeyCache}). An unknown {@code kid} refetches the JWKS, at most
 * once every {@link #MIN_REFETCH_INTERVAL} (30 s), whether the previous fetch succeeded or failed:
 * the time of a fetch is recorded before it starts, so a failing or slow JWKS endpoint is not
 * hammered by every verification. Within the interval after a failed fetch, a key that is not
 * cached fails with an exception of the same kind as the failure (not retried on the network).
 * Concurrent verifications that need the same fetch wait for it; no lock is held during the network
 * I/O (the waiting callers block on the fetch's result, bounded by the client's call timeout). A
 * JWKS answer ({@link JwksDocument}) that is not strict JSON, larger than {@link #MAX_JWKS_BYTES},
 * not a key set, or that lists one key id for two RSA signing keys is an
 * {@link dev.commerceauth.core.InvalidResponseException}; only network failures are a (retryable)
 * {@link dev.commerceauth.core.TransportException}.
 *
 * <p>This class checks the token itself: its size, form, header, issuer, signature and times.
 */
public final class JwksVerifier {

    /** The only accepted algorithm. */
    public static final String ALGORITHM = "RS512";

    /** The shortest time between two fetches of the JWKS: 30 seconds. */
    public static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
    /**
     * The longest token accepted: 16 KiB (16384 characters), checked on the encoded token before
     * any decoding. Commerce Layer access tokens are about 1 KiB.
     */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;

    /** The largest JWKS document accepted: 64 KiB, checked before it is parsed. */
    public static final int MAX_JWKS_BYTES = 64 * 1024;

    /** The default leeway for {@code nbf} and {@code iat}: 60 seconds. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);

    /** The largest leeway accepted: 5 minutes. */
    public static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

    /** The earliest epoch second {@link Instant} can hold. */
    private static final long MIN_INSTANT_SECOND = Instant.MIN.getEpochSecond();
    /** The latest epoch second {@link Instant} can hold. */
    private static final long MAX_INSTANT_SECOND = Instant.MAX.getEpochSecond();

    private final HttpUrl issuer;
    private final Clock clock;
    private final long leewaySeconds;
    private final JwksKeyCache keys;

    /**
     * Creates a verifier for one issuer.
     *
     * @param client the hardened client
     * @param issuer the trusted issuer, for example {@code https://auth.commercelayer.io}
     * @param clock the clock for {@code exp}, {@code nbf} and {@code iat}
     * @param leeway how far {@code nbf} and {@code iat} may lie after the clock, in whole seconds
     *     (fractions dropped); see {@link #checkLeeway(Duration)}
     * @throws IllegalArgumentException if the leeway is out of range
     */
    public JwksVerifier(OkHttpClient client, HttpUrl issuer, Clock clock, Duration leeway) {
        this.issuer = issuer;
        this.clock = clock;
        this.leewaySeconds = checkLeeway(leeway).getSeconds();
        this.keys = new JwksKeyCache(client, Endpoints.asDirectory(issuer).resolve(".well-known/jwks.json"), clock);
    }

    /**
     * Checks a leeway: from zero to {@link #MAX_LEEWAY}.
     *
     * @param leeway the leeway
     * @return the leeway
     * @throws IllegalArgumentException if null, negative or longer than {@link #MAX_LEEWAY}
     */
    public static Duration checkLeeway(Duration leeway) {
        if (leeway == null || leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
            throw new IllegalArgumentException("The verification leeway must be from 0 to " + MAX_LEEWAY.getSeconds()
                    + " seconds (default " + DEFAULT_LEEWAY.getSeconds() + "), was " + leeway);
        }
        return leeway;
    }

    /**
     * Verifies a token and returns its claims.
     *
     * @param token the compact JWS
     * @return the verified payload
     * @throws TokenVerificationException if the token must not be trusted
     */
    public JsonObject verify(String token) {
        if (token == null) {
            throw new TokenVerificationException(Jwt.NOT_A_JWT);
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenVerificationException("The token is " + token.length() + " characters long; at most "
                    + MAX_TOKEN_CHARS + " are accepted, so it was not decoded. Pass only the access token "
                    + "(no 'Bearer ' prefix, no other data).");
        }
        Jwt jwt;
        try {
            jwt = Jwt.parse(token);
        } catch (IllegalArgumentException e) {
            throw new TokenVerificationException(e.getMessage());
        }
        if (jwt.hasHeader("crit")) {
            throw new TokenVerificationException("The token's header marks parameters as critical (crit); this verifier "
                    + "understands no JWS extension and so must reject it (RFC 7515 section 4.1.11). Commerce Layer "
                    + "tokens have no crit header: check where the token came from.");
        }
        String alg = jwt.headerString("alg");
        if (!ALGORITHM.equals(alg)) {
            throw new TokenVerificationException("The token's algorithm "
                    + (alg != null ? "'" + safe(alg) + "'" : jwt.hasHeader("alg") ? "(not a string)" : "(none)")
                    + " is not allowed; only " + ALGORITHM + " tokens are accepted.");
        }
        String kid = jwt.headerString("kid");
        if (kid == null || kid.isEmpty()) {
            throw new TokenVerificationException(jwt.hasHeader("kid") ? "The token's key id (kid) is not a non-empty string."
                    : "The token has no key id (kid) in its header.");
        }
        JsonObject claims = jwt.payload();
        String iss = Json.string(claims, "iss");
        if (iss == null || !normalize(iss).equals(normalize(issuer.toString()))) {
            throw new TokenVerificationException("The token's issuer " + (iss == null ? "(none)" : "'" + safe(iss) + "'")
                    + " is not the configured issuer " + normalize(issuer.toString()) + ".");
        }
        PublicKey key = keys.key(kid);
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
        long now = clock.instant().getEpochSecond();
        Long exp = numericDate(claims, "exp");
        if (exp == null) {
            throw new TokenVerificationException("The token has no exp claim.");
        }
        // compared in epoch seconds: an absurd exp must not throw from Instant
        if (now >= exp) {
            throw new TokenVerificationException("The token expired at " + time(exp) + ".");
        }
        Long nbf = numericDate(claims, "nbf");
        if (nbf != null && nbf > now + leewaySeconds) {
            throw new TokenVerificationException("The token is not valid before " + time(nbf) + " (nbf), more than "
                    + leewaySeconds + " s after the local clock (" + time(now) + "). Check that the local clock is "
                    + "synchronized (NTP); the leeway is CommerceLayerAuth.builder().verificationLeeway(...).");
        }
        Long iat = numericDate(claims, "iat");
        if (iat != null && iat > now + leewaySeconds) {
            throw new TokenVerificationException("The token claims to be issued at " + time(iat) + " (iat), more than "
                    + leewaySeconds + " s after the local clock (" + time(now) + "). Check that the local clock is "
                    + "synchronized (NTP); the leeway is CommerceLayerAuth.builder().verificationLeeway(...).");
        }
        return claims;
    }

    /**
     * A NumericDate claim (RFC 7519 section 2): absent is null; present, it must be a JSON number
     * (fractions are dropped, values beyond a long are clamped).
     */
    private static Long numericDate(JsonObject claims, String name) {
        JsonElement e = claims.get(name);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new TokenVerificationException("The token's " + name + " claim is not a number (RFC 7519 NumericDate: "
                    + "seconds since the epoch).");
        }
        // compare before scaling: 1e300 or 1e-300 must not become a 300-digit number
        BigDecimal v = e.getAsBigDecimal();
        if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
            return Long.MAX_VALUE;
        }
        if (v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) <= 0) {
            return Long.MIN_VALUE;
        }
        if (v.abs().compareTo(BigDecimal.ONE) < 0) {
            return v.signum() < 0 ? -1L : 0L;
        }
        return v.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static String time(long epochSecond) {
        return epochSecond >= MIN_INSTANT_SECOND && epochSecond <= MAX_INSTANT_SECOND
                ? Instant.ofEpochSecond(epochSecond).toString() : "epoch second " + epochSecond;
    }

    private static String normalize(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String safe(String s) {
        return Json.printable(s);
    }
}
