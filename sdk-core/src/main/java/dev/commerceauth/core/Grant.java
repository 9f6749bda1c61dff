package dev.commerceauth.core;

import java.util.Optional;

/**
 * An OAuth2 grant: the credentials a {@link TokenClient} exchanges for an {@link AccessToken}.
 *
 * <p>The subclasses are the only grants: {@link ClientCredentialsGrant}, {@link PasswordGrant},
 * {@link RefreshTokenGrant}, {@link AuthorizationCodeGrant} and {@link JwtBearerGrant}. Each is
 * immutable and built with its {@code builder()}; {@code build()} validates the fields and throws
 * {@link IllegalArgumentException} naming the field at fault. {@link #toString()} shows the grant
 * type, the client id and the scope, never a secret.
 */
public abstract class Grant {

    private final String clientId;
    private final Secret clientSecret;
    private final Scope scope;

    Grant(String clientId, Secret clientSecret, Scope scope) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
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

    /** Fields compared by the subclasses' {@code equals}. */
    final boolean baseEquals(Grant other) {
        return clientId.equals(other.clientId)
                && java.util.Objects.equals(clientSecret, other.clientSecret)
                && scope.equals(other.scope);
    }

    /** Hash of the base fields. */
    final int baseHash() {
        return java.util.Objects.hash(grantType(), clientId, clientSecret, scope);
    }

    /**
     * Shows the grant type, the client id, the scope and which secrets are set, never their values.
     *
     * @return a description without secrets
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName())
                .append("{grantType=").append(grantType())
                .append(", clientId=").append(clientId)
                .append(", clientSecret=").append(clientSecret == null ? "none" : "****")
                .append(", scope=").append(scope.isEmpty() ? "none" : scope.toWireValue());
        describe(b);
        return b.append('}').toString();
    }

    /** Appends the subclass' non-secret fields to {@link #toString()}. */
    void describe(StringBuilder b) {
    }
}
