package dev.commerceauth.emulator.internal;

import java.time.Instant;

/**
 * A one-time Commerce Layer authorization code minted by the test API.
 */
final class AuthorizationCodeRecord {

    private final String clientId;
    private final String redirectUri;
    private final RegisteredUser customer;
    private final Instant expiresAt;
    private boolean used;

    /**
     * Creates the record.
     *
     * @param clientId the webapp the code was issued to
     * @param redirectUri the redirect URI the code is bound to
     * @param customer the customer who "logged in"
     * @param expiresAt when the code expires
     */
    AuthorizationCodeRecord(String clientId, String redirectUri, RegisteredUser customer, Instant expiresAt) {
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.customer = customer;
        this.expiresAt = expiresAt;
    }

    /** @return the client id */
    String clientId() {
        return clientId;
    }

    /** @return the redirect URI */
    String redirectUri() {
        return redirectUri;
    }

    /** @return the customer */
    RegisteredUser customer() {
        return customer;
    }

    /** @return the expiry instant */
    Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Marks the code used.
     *
     * @return {@code true} the first time, {@code false} if it was already used
     */
    synchronized boolean use() {
        if (used) {
            return false;
        }
        used = true;
        return true;
    }
}
