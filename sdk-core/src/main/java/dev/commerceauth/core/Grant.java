package dev.commerceauth.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OAuth2 grant: the credentials a {@link TokenClient} exchanges for an {@link AccessToken}.
 *
 * <p>The subclasses are the only grants: {@link ClientCredentialsGrant}, {@link PasswordGrant},
 * {@link RefreshTokenGrant}, {@link AuthorizationCodeGrant} and {@link JwtBearerGrant}. Each is
 * immutable and built with its {@code builder()}, a subclass of {@link Grant.Builder};
 * {@code build()} validates the fields and throws {@link IllegalArgumentException} naming the field
 * at fault. Grants are equal when they are of the same type and all their fields are equal.
 * {@link #toString()} shows the grant type, the client id, the scope and the grant's own non-secret
 * fields, never a secret.
 *
 * <p>What a grant can do is asked of the grant, not of its class: whether its tokens
 * {@linkplain #renewsWithRefreshToken() are renewed with a refresh token}, whether it is
 * {@linkplain #isSingleUse() single use}, whether it {@linkplain #regrantsAfterRejectedRefresh()
 * may be sent again after a rejected refresh token}, which {@linkplain #initialRefreshToken()
 * refresh token it starts from}, and whether storing its tokens {@linkplain #requiresSubject()
 * needs an explicit subject}. {@link CachingTokenProvider} acts on these answers.
 */
public abstract class Grant {

    /**
     * The grant types of the five grants the SDK defines, as {@link #grantType()} returns them: the
     * default of {@link TokenClient#supportedGrantTypes()}.
     */
    static final Set<String> SDK_GRANT_TYPES = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            ClientCredentialsGrant.GRANT_TYPE, PasswordGrant.GRANT_TYPE, AuthorizationCodeGrant.GRANT_TYPE,
            RefreshTokenGrant.GRANT_TYPE, JwtBearerGrant.GRANT_TYPE)));

    private final String clientId;
    private final Secret clientSecret;
    private final Scope scope;

    /**
     * Validates the fields every grant has, in this order: client id, client secret, scope.
     *
     * @param b the builder
     * @param clientSecretRequired whether the grant needs a client secret
     */
    Grant(Builder<?> b, boolean clientSecretRequired) {
        this.clientId = Checks.clientId(b.clientId);
        this.clientSecret = clientSecretRequired ? b.clientSecret.required() : b.clientSecret.optional();
        this.scope = Checks.scope(b.scope);
    }

    /**
     * The {@code grant_type} sent on the wire, for example {@code client_credentials}.
     *
     * @return the wire value of the grant type
     */
    public abstract String grantType();

    /**
     * The client id (API key id, integration access key, application client id).
     *
     * @return the client id, never blank
     */
    public final String clientId() {
        return clientId;
    }

    /**
     * The client secret, if the client is confidential.
     *
     * @return the client secret or empty for public clients
     */
    public final Optional<Secret> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    /**
     * The requested scope.
     *
     * @return the scope; {@link Scope#none()} when none was requested
     */
    public final Scope scope() {
        return scope;
    }

    /**
     * Whether tokens obtained with this grant are renewed with the {@code refresh_token} grant once an
     * answer carried a refresh token. A {@link CachingTokenProvider} then sends
     * {@link RefreshTokenGrant#forToken(Grant, String)} (if the client supports it) instead of this
     * grant, and keeps each rotated refresh token.
     *
     * @return {@code true} for password, authorization code, JWT bearer and refresh token grants;
     *     {@code false} for client credentials, whose every new token is a full grant (refresh tokens
     *     in its answers are ignored)
     */
    public boolean renewsWithRefreshToken() {
        return false;
    }

    /**
     * Whether this grant's credential can be exchanged only once: after the server judged it (it
     * issued a token, or rejected it for a reason other than a rate limit or a server error) a
     * {@link CachingTokenProvider} never sends the grant again; without a usable refresh token the
     * user must re-authorize.
     *
     * @return {@code true} for an authorization code; {@code false} for the other grants
     */
    public boolean isSingleUse() {
        return false;
    }

    /**
     * Whether this grant may be sent again for a new token after the refresh token obtained with it
     * was rejected ({@code invalid_grant}): a {@link CachingTokenProvider} then sends exactly one full
     * grant with the original credentials; otherwise the user must re-authorize.
     *
     * @return {@code true} for password and JWT bearer grants, whose credentials stay valid;
     *     {@code false} for an authorization code (single use), a refresh token grant (its refresh
     *     token is what was rejected) and client credentials (never renewed with a refresh token)
     */
    public boolean regrantsAfterRejectedRefresh() {
        return false;
    }

    /**
     * The refresh token this grant itself exchanges, which a {@link CachingTokenProvider} renews with
     * until the server rotates it.
     *
     * @return the refresh token of a {@link RefreshTokenGrant}; empty for the other grants, whose
     *     first token comes from the grant itself
     */
    public Optional<Secret> initialRefreshToken() {
        return Optional.empty();
    }

    /**
     * Whether tokens of this grant belong to a user whom the grant does not name, so that keying them
     * in a {@link TokenStore} needs the user as an explicit subject (see
     * {@link CachingTokenProvider.Builder#tokenStore(TokenStore, String, String)}), lest users share
     * tokens.
     *
     * @return {@code true} for authorization code, JWT bearer and refresh token grants;
     *     {@code false} for client credentials (the client's own tokens) and password grants (the
     *     username names the user)
     */
    public boolean requiresSubject() {
        return false;
    }

    /**
     * The user this grant names itself, which {@link TokenStore#key(String, Grant, String)} uses when
     * no subject is given.
     *
     * @return the password grant's username; null for the other grants
     */
    String impliedSubject() {
        return null;
    }

    /**
     * The grant's own fields beyond client id, secret and scope, by name in {@link #toString()}
     * order. Secrets are kept as {@link Secret}, whose {@code toString()} is a mask.
     *
     * @return the fields; empty by default
     */
    Map<String, Object> ownFields() {
        return Collections.emptyMap();
    }

    /**
     * Builds the map {@link #ownFields()} returns.
     *
     * @param namesAndValues name, value, name, value…
     * @return the fields in the given order
     */
    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /**
     * Grants are equal when they are of the same type and all their fields are equal (secrets are
     * compared in constant time).
     *
     * @param o the other object
     * @return whether {@code o} is the same grant
     */
    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        Grant g = (Grant) o;
        return clientId.equals(g.clientId) && Objects.equals(clientSecret, g.clientSecret)
                && scope.equals(g.scope) && ownFields().equals(g.ownFields());
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public final int hashCode() {
        return Objects.hash(grantType(), clientId, clientSecret, scope, ownFields());
    }

    /**
     * Shows the grant type, the client id, the scope, the grant's own fields and which secrets are
     * set, never their values.
     *
     * @return a description without secrets
     */
    @Override
    public final String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName())
                .append("{grantType=").append(grantType())
                .append(", clientId=").append(clientId)
                .append(", clientSecret=").append(clientSecret == null ? "none" : clientSecret)
                .append(", scope=").append(scope.isEmpty() ? "none" : scope.toWireValue());
        for (Map.Entry<String, Object> f : ownFields().entrySet()) {
            b.append(", ").append(f.getKey()).append('=').append(f.getValue());
        }
        return b.append('}').toString();
    }

    /**
     * The part every grant builder shares: client id, client secret and scope. Each grant's
     * {@code Builder} extends it with the grant's own fields; the setters return that builder, so
     * calls chain in any order:
     *
     * <pre>{@code
     * PasswordGrant grant = PasswordGrant.builder()
     *     .clientId("administration")      // Grant.Builder, returns PasswordGrant.Builder
     *     .username("admin")               // PasswordGrant.Builder
     *     .password("Passwört")
     *     .scope(Scope.of("write"))        // Grant.Builder
     *     .build();
     * }</pre>
     *
     * <p>Values are only stored by the setters; {@link #build()} validates them and throws
     * {@link IllegalArgumentException} naming the field at fault. Builders are not thread-safe.
     * Only the five grants of this package extend it.
     *
     * @param <B> the concrete builder type, returned by the setters
     */
    public abstract static class Builder<B extends Builder<B>> {

        private String clientId;
        private final SecretInput clientSecret = new SecretInput("clientSecret", Secret::of);
        private Scope scope;

        /** Only the grants of this package have builders. */
        Builder() {
        }

        /**
         * Sets the client id (required): printable ASCII without whitespace.
         *
         * @param clientId the client id
         * @return this builder
         */
        public final B clientId(String clientId) {
            this.clientId = clientId;
            return self();
        }

        /**
         * Sets the client secret: optional for {@link ClientCredentialsGrant}, {@link PasswordGrant}
         * and {@link RefreshTokenGrant} (public clients have none), required for
         * {@link AuthorizationCodeGrant} and {@link JwtBearerGrant}.
         *
         * @param clientSecret the client secret, validated like {@link Secret#of(String)} in
         *     {@link #build()}
         * @return this builder
         */
        public final B clientSecret(String clientSecret) {
            this.clientSecret.text(clientSecret);
            return self();
        }

        /**
         * Sets the client secret; see {@link #clientSecret(String)} for which grants need one.
         *
         * @param clientSecret the client secret, or null for none
         * @return this builder
         */
        public final B clientSecret(Secret clientSecret) {
            this.clientSecret.secret(clientSecret);
            return self();
        }

        /**
         * Sets the requested scope (optional).
         *
         * @param scope the scope; null means {@link Scope#none()}
         * @return this builder
         */
        public final B scope(Scope scope) {
            this.scope = scope;
            return self();
        }

        /**
         * Validates the fields and builds the grant.
         *
         * @return the grant
         * @throws IllegalArgumentException if a required field is missing or a value is malformed;
         *     the message names the field, never a secret value
         */
        public abstract Grant build();

        @SuppressWarnings("unchecked")
        final B self() {
            return (B) this;
        }
    }
}
