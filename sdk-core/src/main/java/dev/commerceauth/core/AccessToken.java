package dev.commerceauth.core;

import dev.commerceauth.core.internal.Masking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token as a token endpoint issued it: the bearer value, when it was requested and when
 * it expires, the granted scope, an optional refresh token and the provider's extra fields.
 *
 * <p>{@link #issuedAt()} is the time the request was <em>sent</em>; {@link #expiresAt()} is that
 * time plus {@code expires_in} (without it, the lifetime the JWT claims state, or a documented
 * provider default), never later than the access token's own JWT {@code exp} claim. Instances
 * are immutable; {@link #toString()} masks the token ({@code eyJh…A9Xz}) and never shows the refresh
 * token.
 */
public final class AccessToken {

    private final String value;
    private final String tokenType;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final Scope scope;
    private final String refreshToken;
    private final Map<String, Object> extraFields;

    private AccessToken(Builder b) {
        if (b.value == null || b.value.trim().isEmpty()) {
            throw new IllegalArgumentException("value must not be blank");
        }
        if (b.tokenType == null || b.tokenType.trim().isEmpty()) {
            throw new IllegalArgumentException("tokenType must not be blank");
        }
        if (b.issuedAt == null) {
            throw new IllegalArgumentException("issuedAt must not be null");
        }
        if (b.expiresAt == null) {
            throw new IllegalArgumentException("expiresAt must not be null");
        }
        if (b.expiresAt.isBefore(b.issuedAt)) {
            throw new IllegalArgumentException("expiresAt must not be before issuedAt");
        }
        if (b.refreshToken != null && b.refreshToken.trim().isEmpty()) {
            throw new IllegalArgumentException("refreshToken must not be blank when set");
        }
        this.value = b.value;
        this.tokenType = b.tokenType;
        this.issuedAt = b.issuedAt;
        this.expiresAt = b.expiresAt;
        this.scope = b.scope == null ? Scope.none() : b.scope;
        this.refreshToken = b.refreshToken;
        this.extraFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraFields));
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
     * The bearer token to put in {@code Authorization: Bearer …}. Never log it.
     *
     * @return the token value
     */
    public String value() {
        return value;
    }

    /**
     * The token type as the server sent it ({@code Bearer} or {@code bearer}).
     *
     * @return the token type
     */
    public String tokenType() {
        return tokenType;
    }

    /**
     * When the token request was sent.
     *
     * @return the request time
     */
    public Instant issuedAt() {
        return issuedAt;
    }

    /**
     * When the token expires.
     *
     * @return the expiry time
     */
    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * The lifetime of the token, from {@link #issuedAt()} to {@link #expiresAt()}.
     *
     * @return the lifetime
     */
    public Duration lifetime() {
        return Duration.between(issuedAt, expiresAt);
    }

    /**
     * The scope the server granted (may be more than requested).
     *
     * @return the granted scope, {@link Scope#none()} if the server named none
     */
    public Scope scope() {
        return scope;
    }

    /**
     * The refresh token, if the server issued one.
     *
     * @return the refresh token or empty
     */
    public Optional<String> refreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    /**
     * Fields of the answer beyond the standard ones: Keycloak {@code session_state},
     * {@code not-before-policy}, {@code refresh_expires_in}; Commerce Layer {@code created_at},
     * {@code owner_id}, {@code owner_type}.
     *
     * @return an unmodifiable map in the server's order
     */
    public Map<String, Object> extraFields() {
        return extraFields;
    }

    /**
     * Whether the token has expired at the clock's current instant.
     *
     * @param clock the clock to read
     * @return true if now is at or after {@link #expiresAt()}
     */
    public boolean isExpired(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return !clock.instant().isBefore(expiresAt);
    }

    /**
     * Whether the token expires within the given margin from now.
     *
     * @param margin the margin, not negative
     * @param clock the clock to read
     * @return true if now plus {@code margin} is at or after {@link #expiresAt()}
     */
    public boolean expiresWithin(Duration margin, Clock clock) {
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(clock, "clock");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative");
        }
        return !clock.instant().plus(margin).isBefore(expiresAt);
    }

    /**
     * Tokens are equal when all their fields are.
     *
     * @param o the other object
     * @return whether {@code o} is the same token
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AccessToken)) {
            return false;
        }
        AccessToken t = (AccessToken) o;
        return value.equals(t.value) && tokenType.equals(t.tokenType) && issuedAt.equals(t.issuedAt)
                && expiresAt.equals(t.expiresAt) && scope.equals(t.scope)
                && Objects.equals(refreshToken, t.refreshToken) && extraFields.equals(t.extraFields);
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(value, tokenType, issuedAt, expiresAt, scope, refreshToken, extraFields);
    }

    /**
     * A description with the token masked and the refresh token hidden.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "AccessToken{value=" + Masking.mask(value)
                + ", tokenType=" + tokenType
                + ", issuedAt=" + issuedAt
                + ", expiresAt=" + expiresAt
                + ", scope=" + (scope.isEmpty() ? "none" : scope.toWireValue())
                + ", refreshToken=" + (refreshToken == null ? "none" : "****")
                + ", extraFields=" + extraFields.keySet()
                + '}';
    }

    /** Builds an {@link AccessToken}; not thread-safe. */
    public static final class Builder {
        private String value;
        private String tokenType = "Bearer";
        private Instant issuedAt;
        private Instant expiresAt;
        private Scope scope;
        private String refreshToken;
        private final Map<String, Object> extraFields = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the token value (required).
         *
         * @param value the bearer token
         * @return this builder
         */
        public Builder value(String value) {
            this.value = value;
            return this;
        }

        /**
         * Sets the token type (default {@code Bearer}).
         *
         * @param tokenType the token type
         * @return this builder
         */
        public Builder tokenType(String tokenType) {
            this.tokenType = tokenType;
            return this;
        }

        /**
         * Sets when the request was sent (required).
         *
         * @param issuedAt the request time
         * @return this builder
         */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /**
         * Sets when the token expires (required, not before {@code issuedAt}).
         *
         * @param expiresAt the expiry time
         * @return this builder
         */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * Sets the granted scope (default {@link Scope#none()}).
         *
         * @param scope the scope
         * @return this builder
         */
        public Builder scope(Scope scope) {
            this.scope = scope;
            return this;
        }

        /**
         * Sets the refresh token (optional).
         *
         * @param refreshToken the refresh token or null
         * @return this builder
         */
        public Builder refreshToken(String refreshToken) {
            this.refreshToken = refreshToken;
            return this;
        }

        /**
         * Adds an extra field of the answer.
         *
         * @param name the field name
         * @param value a {@link String}, {@link Number} or {@link Boolean} (immutable values, so the
         *     token stays immutable); null values are skipped
         * @return this builder
         * @throws IllegalArgumentException if the name is empty or the value of another type
         */
        public Builder extraField(String name, Object value) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("extra field name must not be empty");
            }
            if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("extra field " + name + " must be a String, Number or Boolean, not "
                        + value.getClass().getName());
            }
            if (value != null) {
                extraFields.put(name, value);
            }
            return this;
        }

        /**
         * Adds extra fields of the answer.
         *
         * @param fields the fields; null values are skipped
         * @return this builder
         */
        public Builder extraFields(Map<String, ?> fields) {
            if (fields != null) {
                for (Map.Entry<String, ?> e : fields.entrySet()) {
                    extraField(e.getKey(), e.getValue());
                }
            }
            return this;
        }

        /**
         * Validates the fields and builds the token.
         *
         * @return the token
         * @throws IllegalArgumentException if a required field is missing or expiresAt is before issuedAt
         */
        public AccessToken build() {
            return new AccessToken(this);
        }
    }
}
