package dev.commerceauth.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TransportException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Internal: one download of an issuer's JWKS document, read into the RSA signing keys it lists by
 * key id.
 *
 * <p>The document must answer HTTP 200 with at most {@link JwksVerifier#MAX_JWKS_BYTES} bytes
 * (checked before it is parsed) of strict JSON holding a {@code keys} array. Of its members only
 * RSA keys whose {@code alg}, if present, is {@value JwksVerifier#ALGORITHM} and whose
 * {@code use}, if present, is {@code sig} count; keys that cannot be read or have fewer than 2048
 * bits are skipped. One key id listed for two such keys makes the whole set untrusted: which key
 * the issuer signs with would be ambiguous. Every such refusal is an
 * {@link InvalidResponseException}; only network failures are a (retryable)
 * {@link TransportException}.
 */
final class JwksDocument {

    private static final int MIN_RSA_BITS = 2048;

    private JwksDocument() {
    }

    /**
     * Downloads and reads a JWKS document.
     *
     * @param client the hardened client
     * @param jwksUrl where the document is
     * @return the keys by key id, unmodifiable
     * @throws InvalidResponseException if the answer is not a usable key set
     * @throws TransportException if the document could not be fetched
     */
    static Map<String, PublicKey> fetch(OkHttpClient client, HttpUrl jwksUrl) {
        Request request = new Request.Builder().url(jwksUrl).header("Accept", "application/json").get().build();
        byte[] body;
        int status;
        try (Response response = client.newCall(request).execute()) {
            status = response.code();
            ResponseBody b = response.body();
            if (b == null) {
                body = new byte[0];
            } else {
                BufferedSource source = b.source();
                if (status == 200 && source.request(JwksVerifier.MAX_JWKS_BYTES + 1L)) {
                    throw new InvalidResponseException("The JWKS at " + jwksUrl + " is larger than "
                            + JwksVerifier.MAX_JWKS_BYTES / 1024 + " KiB; it was not parsed and no key of it is trusted. "
                            + "Check the issuer's JWKS (baseUrl).", status);
                }
                body = status == 200 ? source.readByteArray() : new byte[0];
            }
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
        return keys(body, jwksUrl, status);
    }

    /** Reads the RSA signing keys of a document's body. */
    private static Map<String, PublicKey> keys(byte[] body, HttpUrl jwksUrl, int status) {
        JsonObject json;
        try {
            json = Json.parseStrictObject(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidResponseException("The JWKS at " + jwksUrl + " is not a JSON key set: " + e.getMessage()
                    + ". No key of it is trusted; check the issuer's JWKS (baseUrl).", status);
        }
        if (!json.has("keys") || !json.get("keys").isJsonArray()) {
            throw new InvalidResponseException("The JWKS at " + jwksUrl + " is not a JSON key set.", status);
        }
        Map<String, PublicKey> keys = new HashMap<>();
        Set<String> kids = new HashSet<>();
        for (JsonElement e : json.getAsJsonArray("keys")) {
            if (!e.isJsonObject()) {
                continue;
            }
            JsonObject k = e.getAsJsonObject();
            String kid = Json.stringOnly(k, "kid");
            String alg = Json.string(k, "alg");
            String use = Json.string(k, "use");
            if (kid == null || !"RSA".equals(Json.string(k, "kty")) || (alg != null && !JwksVerifier.ALGORITHM.equals(alg))
                    || (use != null && !"sig".equals(use))) {
                continue;
            }
            // one kid, two candidate keys: which one the issuer signs with is ambiguous, so trust neither
            // (RFC 7517 section 4.5 allows a shared kid only across key types, which were skipped above)
            if (!kids.add(kid)) {
                throw new InvalidResponseException("The JWKS at " + jwksUrl + " lists the key id '" + Json.printable(kid)
                        + "' for more than one RSA signing key; a key id must name one key, so no key of this set "
                        + "is trusted. Fix the issuer's JWKS (or check baseUrl).", status);
            }
            try {
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(Json.string(k, "n")));
                BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(Json.string(k, "e")));
                PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, exponent));
                if (((RSAPublicKey) key).getModulus().bitLength() >= MIN_RSA_BITS) {
                    keys.put(kid, key);
                }
            } catch (GeneralSecurityException | RuntimeException ex) {
                Provider.LOG.fine("JWKS: skipping unreadable key " + Json.printable(kid));
            }
        }
        return Collections.unmodifiableMap(keys);
    }
}
