package dev.commerceauth.emulator;

/**
 * The demo clients, users and market every emulator preloads unless
 * {@link TokenServerEmulator.Builder#withDemoData(boolean) withDemoData(false)} is set. They work
 * only against the emulator; none of them is a real credential.
 */
public final class DemoCredentials {

    /** The sellytics Keycloak realm served under {@code /sellytics/realms/}. */
    public static final String SELLYTICS_REALM = "sellytics";
    /** sellytics (Keycloak) client id, for client_credentials. */
    public static final String SELLYTICS_CLIENT_ID = "sellytics-demo-client";
    /** sellytics (Keycloak) client secret. */
    public static final String SELLYTICS_CLIENT_SECRET = "sellytics-demo-secret";
    /** The scope the sellytics DATA API needs. */
    public static final String SELLYTICS_SCOPE = "sellytics-data-api";

    /** Shopware integration access key id (client_credentials {@code client_id}). */
    public static final String SHOPWARE_ACCESS_KEY_ID = "SWIADEMOEMULATORINTEGRATION01";
    /** Shopware integration secret access key (client_credentials {@code client_secret}). */
    public static final String SHOPWARE_SECRET_ACCESS_KEY = "shopware-demo-integration-secret";
    /** Shopware admin username (password grant with {@code client_id=administration}). */
    public static final String SHOPWARE_ADMIN_USERNAME = "admin";
    /** Shopware admin password. */
    public static final String SHOPWARE_ADMIN_PASSWORD = "shopware-demo-password";

    /** Commerce Layer market id, for the scope {@code market:id:xYZkjABcde}. */
    public static final String COMMERCELAYER_MARKET_ID = "xYZkjABcde";
    /** Commerce Layer market code, for the scope {@code market:code:europe}. */
    public static final String COMMERCELAYER_MARKET_CODE = "europe";
    /** Commerce Layer sales channel client id (no secret; needs a market in scope). */
    public static final String COMMERCELAYER_SALES_CHANNEL_CLIENT_ID = "cl-demo-sales-channel";
    /** Commerce Layer integration client id. */
    public static final String COMMERCELAYER_INTEGRATION_CLIENT_ID = "cl-demo-integration";
    /** Commerce Layer integration client secret. */
    public static final String COMMERCELAYER_INTEGRATION_CLIENT_SECRET = "cl-demo-integration-secret";
    /** Commerce Layer webapp client id (authorization_code, refresh_token, JWT bearer). */
    public static final String COMMERCELAYER_WEBAPP_CLIENT_ID = "cl-demo-webapp";
    /** Commerce Layer webapp client secret. */
    public static final String COMMERCELAYER_WEBAPP_CLIENT_SECRET = "cl-demo-webapp-secret";
    /** Commerce Layer webapp redirect URI, to send with an authorization code. */
    public static final String COMMERCELAYER_WEBAPP_REDIRECT_URI = "https://app.example.com/callback";
    /** Commerce Layer customer email (password grant {@code username}). */
    public static final String COMMERCELAYER_CUSTOMER_EMAIL = "customer@example.com";
    /** Commerce Layer customer password. */
    public static final String COMMERCELAYER_CUSTOMER_PASSWORD = "customer-demo-password";

    private DemoCredentials() {
    }
}
