package dev.commerceauth.emulator;

import dev.commerceauth.emulator.internal.ClientKind;

import java.util.Objects;

/**
 * An API client registered with the emulator: a sellytics (Keycloak) client, a Shopware integration,
 * or a Commerce Layer sales channel, integration or webapp. Immutable; create one with the static
 * factories and pass it to {@link TokenServerEmulator.Builder#client(EmulatorClient)}.
 */
public final class EmulatorClient {

    private final Dialect dialect;
    private final ClientKind kind;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;

    private EmulatorClient(Dialect dialect, ClientKind kind, String clientId, String clientSecret, String redirectUri) {
        this.dialect = dialect;
        this.kind = kind;
        this.clientId = requireText(clientId, "clientId");
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /**
     * A confidential Keycloak client of the sellytics realm (client_credentials, scope
     * {@code sellytics-data-api}).
     *
     * @param clientId the client id
     * @param clientSecret the client secret
     * @return the client
     */
    public static EmulatorClient sellytics(String clientId, String clientSecret) {
        return new EmulatorClient(Dialect.SELLYTICS, ClientKind.SELLYTICS, clientId, requireText(clientSecret, "clientSecret"), null);
    }

    /**
     * A Shopware integration (client_credentials).
     *
     * @param accessKeyId the access key id; must start with {@code SWIA} (integration) or {@code SWUA} (user key)
     * @param secretAccessKey the secret access key
     * @return the client
     * @throws IllegalArgumentException if the access key id has neither prefix
     */
    public static EmulatorClient shopwareIntegration(String accessKeyId, String secretAccessKey) {
        requireText(accessKeyId, "accessKeyId");
        if (!accessKeyId.startsWith("SWIA") && !accessKeyId.startsWith("SWUA")) {
            throw new IllegalArgumentException("a Shopware access key id starts with SWIA or SWUA");
        }
        return new EmulatorClient(Dialect.SHOPWARE, ClientKind.SHOPWARE_INTEGRATION, accessKeyId,
                requireText(secretAccessKey, "secretAccessKey"), null);
    }

    /**
     * A Commerce Layer sales channel: public, no secret, needs a market in scope.
     *
     * @param clientId the client id
     * @return the client
     */
    public static EmulatorClient commerceLayerSalesChannel(String clientId) {
        return new EmulatorClient(Dialect.COMMERCE_LAYER, ClientKind.CL_SALES_CHANNEL, clientId, null, null);
    }

    /**
     * A Commerce Layer integration: confidential, authenticates with its secret.
     *
     * @param clientId the client id
     * @param clientSecret the client secret
     * @return the client
     */
    public static EmulatorClient commerceLayerIntegration(String clientId, String clientSecret) {
        return new EmulatorClient(Dialect.COMMERCE_LAYER, ClientKind.CL_INTEGRATION, clientId,
                requireText(clientSecret, "clientSecret"), null);
    }

    /**
     * A Commerce Layer webapp: confidential, with a registered redirect URI for the
     * authorization_code grant.
     *
     * @param clientId the client id
     * @param clientSecret the client secret
     * @param redirectUri the registered redirect URI
     * @return the client
     */
    public static EmulatorClient commerceLayerWebapp(String clientId, String clientSecret, String redirectUri) {
        return new EmulatorClient(Dialect.COMMERCE_LAYER, ClientKind.CL_WEBAPP, clientId,
                requireText(clientSecret, "clientSecret"), requireText(redirectUri, "redirectUri"));
    }

    /**
     * The dialect this client belongs to.
     *
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * The client id (for Shopware integrations: the access key id).
     *
     * @return the client id
     */
    public String clientId() {
        return clientId;
    }

    ClientKind kind() {
        return kind;
    }

    String clientSecret() {
        return clientSecret;
    }

    String redirectUri() {
        return redirectUri;
    }

    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    @Override
    public String toString() {
        return "EmulatorClient{" + kind + " " + clientId + "}";
    }
}
