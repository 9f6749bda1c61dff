package dev.commerceauth.commercelayer;

import dev.commerceauth.core.JwtBearerGrant;
import dev.commerceauth.core.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JWT assertion of Commerce Layer's JWT bearer grant, built the way
 * {@code @commercelayer/js-auth}'s {@code createAssertion} builds it, so that a Java backend never
 * assembles a JWT by hand:
 *
 * <pre>{@code
 * JwtBearerGrant onBehalf = CommerceLayerAssertion.builder()
 *         .owner(CommerceLayerAssertion.OwnerType.CUSTOMER, "4tepftJsT2")
 *         .customClaim("customer", Collections.singletonMap("first_name", "John"))
 *         .build()
 *         .grantBuilder()                    // a JwtBearerGrant.Builder holding the encoded assertion
 *         .clientId(webappClientId)
 *         .clientSecret(webappClientSecret)
 *         .build();
 * }</pre>
 *
 * <p>The encoded assertion is a compact JWS: the header {@code {"alg":"HS512","typ":"JWT"}}, the
 * payload <code>{"https://commercelayer.io/claims":{"owner":{"type":"Customer","id":"…"},
 * "custom_claim":{…}},"iat":…}</code> ({@code iat}: the clock's epoch second when it is encoded),
 * each as unpadded base64url of its UTF-8 JSON, and an HMAC-SHA512 signature keyed with the
 * fixed text {@code cl}, exactly as js-auth signs. That signature is not a secret and proves
 * nothing: Commerce Layer decodes the assertion without verifying it and checks its form, its size
 * (at most 4096 characters), that the owner exists and that the client (its id and secret in the
 * grant) may act for that owner. The client secret is the credential; the assertion only names
 * whom the token is for. It is still handled as a {@link Secret} (it becomes one).
 *
 * <p>At least one of {@linkplain Builder#owner owner} and {@linkplain Builder#customClaim custom
 * claims} is required, as in js-auth. Immutable and thread-safe; {@link #toString()} shows the
 * owner and the names of the custom claims, never their values.
 */
public final class CommerceLayerAssertion {

    /** The claim that holds the owner and the custom claims. */
    public static final String CLAIMS = "https://commercelayer.io/claims";

    /** The largest assertion Commerce Layer accepts, in characters. */
    public static final int MAX_LENGTH = 4096;

    private static final String HEADER = "{\"alg\":\"HS512\",\"typ\":\"JWT\"}";
    private static final byte[] KEY = "cl".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** Whom the token is for. */
    public enum OwnerType {
        /** A customer ({@code "Customer"}). */
        CUSTOMER("Customer"),
        /** A user of the organization ({@code "User"}). */
        USER("User");

        private final String wire;

        OwnerType(String wire) {
            this.wire = wire;
        }

        /**
         * The value of {@code owner.type}.
         *
         * @return {@code Customer} or {@code User}
         */
        public String wireValue() {
            return wire;
        }
    }

    private final OwnerType ownerType;
    private final String ownerId;
    private final Map<String, Object> customClaims;

    private CommerceLayerAssertion(Builder b) {
        this.ownerType = b.ownerType;
        this.ownerId = b.ownerId;
        this.customClaims = Collections.unmodifiableMap(new LinkedHashMap<>(b.customClaims));
        if (ownerType == null && customClaims.isEmpty()) {
            throw new IllegalArgumentException("an assertion needs an owner, custom claims or both");
        }
        int length = encode(9_999_999_999L).reveal().length(); // the longest iat of the next 250 years
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("the assertion would be " + length + " characters, Commerce Layer accepts at most "
                    + MAX_LENGTH + ": send fewer or shorter custom claims");
        }
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The owner's type.
     *
     * @return the type, or empty when the assertion carries custom claims only
     */
    public Optional<OwnerType> ownerType() {
        return Optional.ofNullable(ownerType);
    }

    /**
     * The owner's id.
     *
     * @return the id, or empty when the assertion carries custom claims only
     */
    public Optional<String> ownerId() {
        return Optional.ofNullable(ownerId);
    }

    /**
     * The custom claims ({@code custom_claim}), in the order they were added.
     *
     * @return an immutable map of immutable JSON values; empty if none
     */
    public Map<String, Object> customClaims() {
        return customClaims;
    }

    /**
     * Encodes and signs the assertion with {@code iat} from the system clock.
     *
     * @return the compact JWS
     */
    public Secret encode() {
        return encode(Clock.systemUTC());
    }

    /**
     * Encodes and signs the assertion with {@code iat} from a clock.
     *
     * @param clock the clock
     * @return the compact JWS
     */
    public Secret encode(Clock clock) {
        return encode(Objects.requireNonNull(clock, "clock").instant().getEpochSecond());
    }

    private Secret encode(long issuedAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (ownerType != null) {
            Map<String, Object> owner = new LinkedHashMap<>();
            owner.put("type", ownerType.wireValue());
            owner.put("id", ownerId);
            claims.put("owner", owner);
        }
        if (!customClaims.isEmpty()) {
            claims.put("custom_claim", customClaims);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(CLAIMS, claims);
        payload.put("iat", issuedAt);
        StringBuilder json = new StringBuilder();
        AssertionJson.write(payload, json);
        String signingInput = base64url(HEADER) + "." + base64url(json.toString());
        try {
            Mac hmac = Mac.getInstance("HmacSHA512");
            hmac.init(new SecretKeySpec(KEY, "HmacSHA512"));
            byte[] signature = hmac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return Secret.of(signingInput + "." + BASE64URL.encodeToString(signature));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is part of every Java runtime", e);
        }
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A JWT bearer grant builder holding this assertion, encoded now with the system clock; add the
     * client id, client secret and, optionally, the scope.
     *
     * @return a new grant builder
     */
    public JwtBearerGrant.Builder grantBuilder() {
        return JwtBearerGrant.builder().assertion(encode());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CommerceLayerAssertion)) {
            return false;
        }
        CommerceLayerAssertion that = (CommerceLayerAssertion) o;
        return ownerType == that.ownerType && Objects.equals(ownerId, that.ownerId)
                && customClaims.equals(that.customClaims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ownerType, ownerId, customClaims);
    }

    /**
     * Shows the owner and the names of the custom claims, not their values.
     *
     * @return for example {@code CommerceLayerAssertion{owner=Customer 4tepftJsT2, customClaims=[customer]}}
     */
    @Override
    public String toString() {
        return "CommerceLayerAssertion{owner=" + (ownerType == null ? "none" : ownerType.wireValue() + " " + ownerId)
                + ", customClaims=" + customClaims.keySet() + '}';
    }

    /** Builds a {@link CommerceLayerAssertion}; not thread-safe. */
    public static final class Builder {
        private OwnerType ownerType;
        private String ownerId;
        private final Map<String, Object> customClaims = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the customer or user the token is for ({@code owner}).
         *
         * @param type {@link OwnerType#CUSTOMER} or {@link OwnerType#USER}
         * @param id the Commerce Layer id of the customer or user, for example {@code 4tepftJsT2}:
         *     printable ASCII without whitespace
         * @return this builder
         * @throws IllegalArgumentException if the type is null or the id is blank or malformed
         */
        public Builder owner(OwnerType type, String id) {
            if (type == null) {
                throw new IllegalArgumentException("owner type must not be null");
            }
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("owner id must not be " + (id == null ? "null" : "empty"));
            }
            for (int i = 0; i < id.length(); i++) {
                if (id.charAt(i) <= 0x20 || id.charAt(i) >= 0x7f) {
                    throw new IllegalArgumentException(
                            "owner id must be printable ASCII without whitespace (bad character at position " + i + ")");
                }
            }
            this.ownerType = type;
            this.ownerId = id;
            return this;
        }

        /**
         * Adds one member of {@code custom_claim}, information the token is enriched with; a name
         * given twice keeps the last value. The value is copied.
         *
         * @param name the member name, not empty
         * @param value null, a String, Boolean, finite Number, a {@code Map<String, ?>}, an
         *     Iterable or an array of such values, nested at most 32 levels
         * @return this builder
         * @throws IllegalArgumentException if the name is empty or the value of an unsupported type
         */
        public Builder customClaim(String name, Object value) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("custom claim name must not be " + (name == null ? "null" : "empty"));
            }
            AssertionJson.checkText(name, "custom claim name");
            customClaims.put(name, AssertionJson.copy(value, "custom claim " + name, 1));
            return this;
        }

        /**
         * Adds every member of a map to {@code custom_claim}, as {@link #customClaim(String, Object)}.
         *
         * @param claims the members
         * @return this builder
         */
        public Builder customClaims(Map<String, ?> claims) {
            if (claims == null) {
                throw new IllegalArgumentException("custom claims must not be null");
            }
            for (Map.Entry<String, ?> e : claims.entrySet()) {
                customClaim(e.getKey(), e.getValue());
            }
            return this;
        }

        /**
         * Builds the assertion.
         *
         * @return the assertion
         * @throws IllegalArgumentException if it has neither owner nor custom claims, or would
         *     encode to more than {@value CommerceLayerAssertion#MAX_LENGTH} characters
         */
        public CommerceLayerAssertion build() {
            return new CommerceLayerAssertion(this);
        }
    }
}
