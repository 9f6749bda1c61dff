package dev.commerceauth.core.internal;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Internal: a decoded compact JWS (header, payload, signature). Decoding is strict about the
 * encoding (see {@link #parse(String)}) and verifies nothing else.
 */
public final class Jwt {

    /** The message for anything that is not three dot-separated parts. */
    public static final String NOT_A_JWT = "The token is not a JWT (three base64url parts with JSON header and payload).";

    private final JsonObject header;
    private final JsonObject payload;
    /** The token; the signing input is its text up to {@link #signingInputEnd}. */
    private final String token;
    private final int signingInputEnd;
    /** The strictly decoded signature, or null for a token only read: then decoded leniently on demand. */
    private final byte[] signature;

    private Jwt(JsonObject header, JsonObject payload, String token, int signingInputEnd, byte[] signature) {
        this.header = header;
        this.payload = payload;
        this.token = token;
        this.signingInputEnd = signingInputEnd;
        this.signature = signature;
    }

    /**
     * Decodes a compact JWS to read it, not to verify it: header and payload as strictly as
     * {@link #parse(String)}, the signature part not inspected (its bytes are empty when it is not
     * base64url), so a token the SDK only reads (its {@code exp}, its claims) is read the same way
     * as the verifier would read it.
     *
     * @param token the token
     * @return the decoded token, or null if it is not a JWS with JSON-object header and payload
     */
    public static Jwt decodeOrNull(String token) {
        try {
            return parse(token, false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Decodes a compact JWS strictly: exactly three parts, each base64url without padding, in
     * canonical form (RFC 7515 §2: only {@code A-Z a-z 0-9 - _}, no unused bits set, so one token
     * has one spelling), header and payload each one strict JSON object in UTF-8 (see
     * {@code Json.parseStrictObject}). Callers that bound the size check
     * {@code token.length()} before calling this. Verifies nothing else.
     *
     * @param token the token
     * @return the decoded token
     * @throws IllegalArgumentException with a sentence that says what is wrong, quoting no part of
     *     the token (except, for a duplicate JSON member, its name)
     */
    public static Jwt parse(String token) {
        return parse(token, true);
    }

    private static Jwt parse(String token, boolean signatureToo) {
        if (token == null) {
            throw new IllegalArgumentException(NOT_A_JWT);
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new IllegalArgumentException(NOT_A_JWT);
        }
        byte[] h = base64Url(token.substring(0, first), "header");
        byte[] p = base64Url(token.substring(first + 1, second), "payload");
        // a token only read (its exp, its claims) never needs its signature: decoded when asked for
        byte[] s = signatureToo ? base64Url(token.substring(second + 1), "signature") : null;
        JsonObject header = json(h, "header");
        JsonObject payload = json(p, "payload (claims)");
        return new Jwt(header, payload, token, second, s);
    }

    private static JsonObject json(byte[] bytes, String what) {
        try {
            return Json.parseStrictObject(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The token's " + what + " is not one strict JSON object: " + e.getMessage()
                    + ". Tokens from the configured issuer are; do not build or edit tokens by hand.");
        }
    }

    private static byte[] lenient(String part) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** Strict base64url (RFC 7515 §2): no padding, no other characters, canonical trailing bits. */
    private static byte[] base64Url(String part, String what) {
        String problem = null;
        for (int i = 0; i < part.length() && problem == null; i++) {
            char c = part.charAt(i);
            if (c == '=') {
                problem = "it is padded with '=' (JWTs use base64url without padding)";
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                problem = "it contains a character outside the base64url alphabet A-Z a-z 0-9 - _ at position " + i;
            }
        }
        if (problem == null && part.length() % 4 == 1) {
            problem = "its length is impossible for base64url";
        }
        if (problem == null && !canonicalEnd(part)) {
            problem = "its last character has unused bits set (not the canonical encoding)";
        }
        byte[] bytes = null;
        if (problem == null) {
            bytes = Base64.getUrlDecoder().decode(part);
        }
        if (problem != null) {
            throw new IllegalArgumentException("The token's " + what + " part is not base64url (RFC 7515 section 2): " + problem
                    + ". Pass the token exactly as the issuer sent it.");
        }
        return bytes;
    }

    /**
     * Whether the unused low bits of the last character are zero, so that encoding the decoded bytes
     * gives the same text back (the canonical form): a part of 4n+2 characters carries 4 unused
     * bits, one of 4n+3 carries 2. The part holds only base64url characters.
     */
    static boolean canonicalEnd(String part) {
        int rest = part.length() % 4;
        if (rest < 2) {
            return true;
        }
        int unusedMask = rest == 2 ? 0x0F : 0x03;
        return (sextet(part.charAt(part.length() - 1)) & unusedMask) == 0;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
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
     * @return the value if the member is a JSON string, else null (a number is not converted)
     */
    public String headerString(String name) {
        return Json.stringOnly(header, name);
    }

    /**
     * Whether the header has a member, whatever its value.
     *
     * @param name the member
     * @return whether present
     */
    public boolean hasHeader(String name) {
        return header.has(name);
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
        return token.substring(0, signingInputEnd).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The signature bytes.
     *
     * @return a copy of the signature
     */
    public byte[] signature() {
        return signature != null ? signature.clone() : lenient(token.substring(signingInputEnd + 1));
    }
}
