package dev.commerceauth.emulator.internal;

import dev.commerceauth.emulator.Dialect;

/**
 * A client as the handlers see it, secret included. Immutable.
 */
public final class RegisteredClient {

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
    public RegisteredClient(Dialect dialect, ClientKind kind, String clientId, String secret, String redirectUri) {
        this.dialect = dialect;
        this.kind = kind;
        this.clientId = clientId;
        this.secret = secret;
        this.redirectUri = redirectUri;
        this.applicationId = Ids.derived("application:" + clientId);
    }

    /** @return the dialect */
    public Dialect dialect() {
        return dialect;
    }

    /** @return the kind */
    public ClientKind kind() {
        return kind;
    }

    /** @return the client id */
    public String clientId() {
        return clientId;
    }

    /** @return the redirect URI, or {@code null} */
    public String redirectUri() {
        return redirectUri;
    }

    /** @return a stable 10-character application id derived from the client id */
    public String applicationId() {
        return applicationId;
    }

    /** @return whether the client has a secret */
    public boolean confidential() {
        return secret != null;
    }

    /**
     * Compares a presented secret in constant time.
     *
     * @param presented the secret the request carried, may be {@code null}
     * @return whether it matches
     */
    public boolean secretMatches(String presented) {
        return secret != null && presented != null && Ids.constantTimeEquals(secret, presented);
    }
}
