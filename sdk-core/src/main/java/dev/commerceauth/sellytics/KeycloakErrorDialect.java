package dev.commerceauth.sellytics;

import dev.commerceauth.core.internal.ErrorDialect;
import dev.commerceauth.core.internal.ErrorEntry;

/**
 * Keycloak's error answers: the plain OAuth 2.0 shape {@code {"error":"invalid_client",
 * "error_description":"Invalid client credentials"}}, which the shared core reads. Keycloak has no
 * error codes of its own and no rate-limit headers beyond {@code Retry-After}.
 */
final class KeycloakErrorDialect implements ErrorDialect {

    /**
     * None: Keycloak answers in the OAuth 2.0 shape, not with JSON:API entries.
     *
     * @param entry the entry
     * @return null, the shared rules decide
     */
    @Override
    public String oauthError(ErrorEntry entry) {
        return null;
    }
}
