package dev.commerceauth.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Internal: a decoded compact JWS (header, payload, signature). Decoding does not verify anything.
 */
public final class Jwt {

    private final JsonObject header;
    private final JsonObject payload;
    private final byte[] signingInput;
    private final byte[] signature;

    private Jwt(JsonObject header, JsonObject payload, byte[] signingInput, byte[] signature) {
        this.header = header;
        this.payload = payload;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    /**
     * Decodes a compact JWS.
     *
     * @param token the token
     * @return the decoded token, or null if it is not a JWS with JSON-object header and payload
     */
    public static Jwt decodeOrNull(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonElement h = Json.parseOrNull(new String(d.decode(parts[0]), StandardCharsets.UTF_8));
            JsonElement p = Json.parseOrNull(new String(d.decode(parts[1]), StandardCharsets.UTF_8));
            if (h == null || p == null || !h.isJsonObject() || !p.isJsonObject()) {
                return null;
            }
            byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new Jwt(h.getAsJsonObject(), p.getAsJsonObject(), input, d.decode(parts[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The header.
     *
     * @return the header object (a copy)
     */
    public JsonObject header() {
        return header.deepCopy();
    }

    /**
     * The payload (claims).
     *
     * @return the payload object (a copy)
     */
    public JsonObject payload() {
        return payload.deepCopy();
    }

    /**
     * A header member as a string.
     *
     * @param name the member
     * @return the value or null
     */
    public String headerString(String name) {
        return Json.string(header, name);
    }

    /**
     * A numeric claim.
     *
     * @param name the claim
     * @return the value or null
     */
    public Long longClaim(String name) {
        return Json.longValue(payload, name);
    }

    /**
     * The bytes that were signed: {@code base64url(header) "." base64url(payload)}.
     *
     * @return a copy of the signing input
     */
    public byte[] signingInput() {
        return signingInput.clone();
    }

    /**
     * The signature bytes.
     *
     * @return a copy of the signature
     */
    public byte[] signature() {
        return signature.clone();
    }
}
