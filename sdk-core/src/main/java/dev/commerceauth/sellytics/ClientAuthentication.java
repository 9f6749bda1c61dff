package dev.commerceauth.sellytics;

/**
 * How the sellytics client authenticates to Keycloak's token endpoint.
 */
public enum ClientAuthentication {

    /** {@code client_id} and {@code client_secret} as form fields ({@code client_secret_post}); the default. */
    FORM_FIELDS,

    /**
     * HTTP Basic ({@code client_secret_basic}): id and secret are form-URL-encoded, joined with
     * {@code :} and base64-encoded into the {@code Authorization} header.
     */
    BASIC
}
