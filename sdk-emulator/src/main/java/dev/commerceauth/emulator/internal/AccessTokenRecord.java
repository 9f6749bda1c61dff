package dev.commerceauth.emulator.internal;

import dev.commerceauth.emulator.Dialect;

import java.time.Instant;

/**
 * An access token the emulator issued, keyed by its {@code jti}. Only the revoked flag changes.
 */
final class AccessTokenRecord {

    private final String jti;
    private final Dialect dialect;
    private final String clientId;
    private final String subject;
    private final String scope;
    private final Instant expiresAt;
    private volatile boolean revoked;

    /**
     * Creates the record.
     *
     * @param jti the token's {@code jti}
     * @param dialect the issuing dialect
     * @param clientId the client it was issued to
     * @param subject the user or customer id, or {@code null} for client tokens
     * @param scope the granted scope
     * @param expiresAt when it expires
     */
    AccessTokenRecord(String jti, Dialect dialect, String clientId, String subject, String scope, Instant expiresAt) {
        this.jti = jti;
        this.dialect = dialect;
        this.clientId = clientId;
        this.subject = subject;
        this.scope = scope;
        this.expiresAt = expiresAt;
    }

    /** @return the jti */
    String jti() {
        return jti;
    }

    /** @return the dialect */
    Dialect dialect() {
        return dialect;
    }

    /** @return the client id */
    String clientId() {
        return clientId;
    }

    /** @return the subject, or {@code null} */
    String subject() {
        return subject;
    }

    /** @return the scope */
    String scope() {
        return scope;
    }

    /** @return the expiry instant */
    Instant expiresAt() {
        return expiresAt;
    }

    /** @return whether it was revoked */
    boolean revoked() {
        return revoked;
    }

    /** Revokes the token. */
    void revoke() {
        revoked = true;
    }
}
