package dev.commerceauth.emulator.internal;

import dev.commerceauth.emulator.Dialect;

/**
 * A client as the handlers see it, secret included. Immutable.
 */
final class RegisteredClient {

    private final Dialect dialect;
    private final ClientKind kind;
    private final String clientId;
    private final String secret;
    private final String redirectUri;
    private final String applicationId;

    /**
     * Creates the record.
     *
     * @param dialect the dialect
     * @param kind the kind
     * @param clientId the client id
     * @param secret the secret, or {@code null} for public clients
     * @param redirectUri the redirect URI, or {@code null}
     */
    RegisteredClient(Dialect dialect, ClientKind kind, String clientId, String secret, String redirectUri) {
        this.dialect = dialect;
        this.kind = kind;
        this.clientId = clientId;
        this.secret = secret;
        this.redirectUri = redirectUri;
        this.applicationId = Ids.derived("application:" + clientId);
    }

    /** @return the dialect */
    Dialect dialect() {
        return dialect;
    }

    /** @return the kind */
    ClientKind kind() {
        return kind;
    }

    /** @return the client id */
    String clientId() {
        return clientId;
    }

    /** @return the redirect URI, or {@code null} */
    String redirectUri() {
        return redirectUri;
    }

    /** @return a stable 10-character application id derived from the client id */
    String applicationId() {
        return applicationId;
    }

    /** @return whether the client has a secret */
    boolean confidential() {
        return secret != null;
    }

    /**
     * Compares a presented secret in constant time.
     *
     * @param presented the secret the request carried, may be {@code null}
     * @return whether it matches
     */
    boolean secretMatches(String presented) {
        return secret != null && presented != null && Ids.constantTimeEquals(secret, presented);
    }
}
