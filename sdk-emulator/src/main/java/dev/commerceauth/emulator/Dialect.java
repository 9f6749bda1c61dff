package dev.commerceauth.emulator;

/**
 * The three token-endpoint dialects the emulator speaks, each under its own path prefix.
 */
public enum Dialect {
    /** sellytics DATA API, a Keycloak server: form bodies, {@code {"error": ...}} errors. Prefix {@code /sellytics}. */
    SELLYTICS,
    /** Shopware 6 Admin API: JSON bodies, {@code {"errors":[...]}} with string status. Prefix {@code /shopware}. */
    SHOPWARE,
    /** Commerce Layer: JSON bodies, {@code {"errors":[...]}} with numeric status. Prefix {@code /commercelayer}. */
    COMMERCE_LAYER
}
