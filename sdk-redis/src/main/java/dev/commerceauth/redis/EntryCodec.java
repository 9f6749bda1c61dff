package dev.commerceauth.redis;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Scope;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a token into the sealed text stored in Redis and back: the token as JSON (every field of
 * {@link AccessToken}, extra fields with their Java number types), encrypted with AES-GCM under the
 * application's key with a random 96-bit nonce per write and a 128-bit tag. The associated data is
 * the Redis key, so an entry copied to another key does not open. Sealed form:
 * {@code g1:} followed by the Base64 of nonce and ciphertext. Entries are sealed under the current
 * key and opened with the current key or, during a key rotation, one of the previous keys (a wrong
 * key fails the tag check at once). Thread-safe (a {@link Cipher} per call).
 */
final class EntryCodec {

    static final String FORMAT = "g1";
    private static final String PREFIX = FORMAT + ":";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String AAD_CONTEXT = "commerceauth-redis-token:" + FORMAT + ":";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Gson GSON = new Gson();

    private final SecretKeySpec key;
    /** The keys that open entries: the current one first, then the previous ones. */
    private final List<SecretKeySpec> openingKeys;

    EntryCodec(byte[] keyBytes, List<byte[]> previousKeys) {
        this.key = aesKey(keyBytes, "the encryption key");
        List<SecretKeySpec> opening = new ArrayList<>();
        opening.add(key);
        for (byte[] previous : previousKeys) {
            opening.add(aesKey(previous, "a previous encryption key"));
        }
        this.openingKeys = Collections.unmodifiableList(opening);
    }

    private static SecretKeySpec aesKey(byte[] keyBytes, String what) {
        if (keyBytes.length != 16 && keyBytes.length != 24 && keyBytes.length != 32) {
            throw new IllegalArgumentException(what + " must be 16, 24 or 32 bytes (AES-128/192/256; 32"
                    + " recommended), not " + keyBytes.length);
        }
        return new SecretKeySpec(keyBytes, "AES");
    }

    /** The sealed text of {@code token} for the Redis key {@code redisKey}. */
    String seal(String redisKey, AccessToken token) {
        byte[] plain = GSON.toJson(toJson(token)).getBytes(StandardCharsets.UTF_8);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(redisKey));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Opens the sealed text read from {@code redisKey}.
     *
     * @throws BadEntryException if it is malformed, was tampered with, belongs to another key or was
     *     sealed under another encryption key
     */
    AccessToken open(String redisKey, String sealed) throws BadEntryException {
        if (!sealed.startsWith(PREFIX)) {
            throw new BadEntryException("an unknown format");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new BadEntryException("malformed Base64");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new BadEntryException("a truncated ciphertext");
        }
        byte[] plain = null;
        for (SecretKeySpec candidate : openingKeys) {
            plain = decrypt(candidate, redisKey, raw);
            if (plain != null) {
                break;
            }
        }
        if (plain == null) {
            throw new BadEntryException("a ciphertext that does not authenticate under this store's keys"
                    + " (tampered with, copied from another key, or written under another encryption key)");
        }
        try {
            return fromJson(JsonParser.parseString(new String(plain, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (RuntimeException e) {
            throw new BadEntryException("an authentic entry whose token cannot be read (written by an incompatible"
                    + " version?)");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The plain text, or null if {@code candidate} does not authenticate it. */
    private static byte[] decrypt(SecretKeySpec candidate, String redisKey, byte[] raw) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, candidate, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(aad(redisKey));
            return cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            // AEADBadTagException: tampered, copied from another key or sealed under another key
            return null;
        }
    }

    private static byte[] aad(String redisKey) {
        return (AAD_CONTEXT + redisKey).getBytes(StandardCharsets.UTF_8);
    }

    static JsonObject toJson(AccessToken token) {
        JsonObject o = new JsonObject();
        o.addProperty("value", token.value());
        o.addProperty("tokenType", token.tokenType());
        o.addProperty("issuedAt", token.issuedAt().toString());
        o.addProperty("expiresAt", token.expiresAt().toString());
        if (!token.scope().isEmpty()) {
            o.addProperty("scope", token.scope().toWireValue());
        }
        if (token.refreshToken().isPresent()) {
            o.addProperty("refreshToken", token.refreshToken().get());
        }
        JsonArray extras = new JsonArray();
        for (Map.Entry<String, Object> e : token.extraFields().entrySet()) {
            JsonObject x = new JsonObject();
            x.addProperty("n", e.getKey());
            Object v = e.getValue();
            String kind;
            if (v instanceof String) {
                kind = "s";
            } else if (v instanceof Boolean) {
                kind = "b";
            } else if (v instanceof Integer) {
                kind = "i";
            } else if (v instanceof Long) {
                kind = "l";
            } else if (v instanceof Double) {
                kind = "d";
            } else if (v instanceof Float) {
                kind = "f";
            } else if (v instanceof Short) {
                kind = "sh";
            } else if (v instanceof Byte) {
                kind = "by";
            } else if (v instanceof BigInteger) {
                kind = "bi";
            } else {
                // BigDecimal and any other Number (Gson's LazilyParsedNumber, ...) as its decimal text
                kind = "bd";
            }
            x.addProperty("k", kind);
            x.addProperty("v", String.valueOf(v));
            extras.add(x);
        }
        o.add("extra", extras);
        return o;
    }

    static AccessToken fromJson(JsonObject o) {
        AccessToken.Builder b = AccessToken.builder()
                .value(o.get("value").getAsString())
                .tokenType(o.get("tokenType").getAsString())
                .issuedAt(Instant.parse(o.get("issuedAt").getAsString()))
                .expiresAt(Instant.parse(o.get("expiresAt").getAsString()));
        if (o.has("scope")) {
            b.scope(Scope.parse(o.get("scope").getAsString()));
        }
        if (o.has("refreshToken")) {
            b.refreshToken(o.get("refreshToken").getAsString());
        }
        if (o.has("extra")) {
            for (JsonElement e : o.getAsJsonArray("extra")) {
                JsonObject x = e.getAsJsonObject();
                b.extraField(x.get("n").getAsString(), extraValue(x.get("k").getAsString(), x.get("v").getAsString()));
            }
        }
        return b.build();
    }

    private static Object extraValue(String kind, String v) {
        switch (kind) {
            case "s":
                return v;
            case "b":
                return Boolean.valueOf(v);
            case "i":
                return Integer.valueOf(v);
            case "l":
                return Long.valueOf(v);
            case "d":
                return Double.valueOf(v);
            case "f":
                return Float.valueOf(v);
            case "sh":
                return Short.valueOf(v);
            case "by":
                return Byte.valueOf(v);
            case "bi":
                return new BigInteger(v);
            case "bd":
                return new BigDecimal(v);
            default:
                throw new IllegalArgumentException("unknown extra field kind");
        }
    }

    /** A stored entry that cannot be used; the message says why, without any of its content. */
    static final class BadEntryException extends Exception {
        private static final long serialVersionUID = 1L;

        BadEntryException(String reason) {
            super(reason);
        }
    }
}
