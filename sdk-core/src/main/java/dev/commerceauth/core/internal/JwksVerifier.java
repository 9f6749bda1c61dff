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
import java.util.HashMap;
import java.util.Map;
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
 * {@code exp} must be in the future. Keys are cached; an unknown {@code kid} refetches the JWKS at
 * most once a minute.
 */
public final class JwksVerifier {

    /** The only accepted algorithm. */
    public static final String ALGORITHM = "RS512";

    private static final Duration MIN_REFETCH = Duration.ofMinutes(1);
    private static final int MIN_RSA_BITS = 2048;

    private final OkHttpClient client;
    private final HttpUrl issuer;
    private final HttpUrl jwksUrl;
    private final Clock clock;
    private final Map<String, PublicKey> keys = new HashMap<>();
    private Instant lastFetch;

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
        if (!clock.instant().isBefore(Instant.ofEpochSecond(exp))) {
            throw new TokenVerificationException("The token expired at " + Instant.ofEpochSecond(exp) + ".");
        }
        return jwt.payload();
    }

    private synchronized PublicKey key(String kid) {
        PublicKey key = keys.get(kid);
        if (key != null) {
            return key;
        }
        Instant now = clock.instant();
        if (lastFetch == null || !now.isBefore(lastFetch.plus(MIN_REFETCH))) {
            fetch();
            lastFetch = now;
            key = keys.get(kid);
        }
        if (key == null) {
            throw new TokenVerificationException("No RSA key with id '" + safe(kid) + "' in the issuer's JWKS " + jwksUrl + ".");
        }
        return key;
    }

    private void fetch() {
        Request request = new Request.Builder().url(jwksUrl).header("Accept", "application/json").get().build();
        String body;
        int status;
        try (Response response = client.newCall(request).execute()) {
            status = response.code();
            ResponseBody b = response.body();
            body = b == null ? "" : new String(b.bytes(), StandardCharsets.UTF_8);
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
        keys.clear();
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
