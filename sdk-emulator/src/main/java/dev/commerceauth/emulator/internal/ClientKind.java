package dev.commerceauth.emulator.internal;

/**
 * What kind of registered client this is; decides grants, authentication and token claims.
 */
public enum ClientKind {
    /** A confidential Keycloak client of the sellytics realm. */
    SELLYTICS,
    /** A Shopware integration ({@code SWIA…}) or user access key ({@code SWUA…}). */
    SHOPWARE_INTEGRATION,
    /** A Commerce Layer sales channel: public, no secret. */
    CL_SALES_CHANNEL,
    /** A Commerce Layer integration: confidential. */
    CL_INTEGRATION,
    /** A Commerce Layer webapp: confidential, with a redirect URI. */
    CL_WEBAPP;

    /**
     * The Commerce Layer {@code application.kind} claim value.
     *
     * @return {@code sales_channel}, {@code integration} or {@code webapp}; {@code null} for other dialects
     */
    String commerceLayerKind() {
        switch (this) {
            case CL_SALES_CHANNEL:
                return "sales_channel";
            case CL_INTEGRATION:
                return "integration";
            case CL_WEBAPP:
                return "webapp";
            default:
                return null;
        }
    }
}
