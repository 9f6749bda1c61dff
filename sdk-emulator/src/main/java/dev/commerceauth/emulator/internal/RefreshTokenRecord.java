package dev.commerceauth.emulator.internal;

import dev.commerceauth.emulator.Dialect;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A refresh token the emulator issued, with the access token issued alongside it.
 */
final class RefreshTokenRecord {

    private final String token;
    private final Dialect dialect;
    private final String clientId;
    private final RegisteredUser user;
    private final String scope;
    private final Instant expiresAt;
    private final String accessTokenJti;
    private final AtomicBoolean revoked = new AtomicBoolean();

    /**
     * Creates the record.
     *
     * @param token the opaque refresh token
     * @param dialect the issuing dialect
     * @param clientId the client it was issued to
     * @param user the owner
     * @param scope the granted scope
     * @param expiresAt when it expires
     * @param accessTokenJti the access token issued with it
     */
    RefreshTokenRecord(String token, Dialect dialect, String clientId, RegisteredUser user, String scope,
            Instant expiresAt, String accessTokenJti) {
        this.token = token;
        this.dialect = dialect;
        this.clientId = clientId;
        this.user = user;
        this.scope = scope;
        this.expiresAt = expiresAt;
        this.accessTokenJti = accessTokenJti;
    }

    /** @return the token */
    String token() {
        return token;
    }

    /** @return the dialect */
    Dialect dialect() {
        return dialect;
    }

    /** @return the client id */
    String clientId() {
        return clientId;
    }

    /** @return the owner */
    RegisteredUser user() {
        return user;
    }

    /** @return the scope */
    String scope() {
        return scope;
    }

    /** @return the expiry instant */
    Instant expiresAt() {
        return expiresAt;
    }

    /** @return the jti of the access token issued with it */
    String accessTokenJti() {
        return accessTokenJti;
    }

    /** @return whether it was revoked */
    boolean revoked() {
        return revoked.get();
    }

    /**
     * Revokes the token.
     *
     * @return true if this call revoked it, false if it was already revoked: of concurrent uses of
     *     one rotating refresh token, exactly one wins
     */
    boolean revoke() {
        return revoked.compareAndSet(false, true);
    }
}
