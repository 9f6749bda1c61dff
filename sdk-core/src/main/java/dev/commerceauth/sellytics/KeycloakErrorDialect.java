package dev.commerceauth.sellytics;

import dev.commerceauth.core.internal.Endpoints;
import dev.commerceauth.core.internal.ErrorDialect;
import dev.commerceauth.core.internal.ErrorEntry;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Keycloak's error answers: the plain OAuth 2.0 shape {@code {"error":"invalid_client",
 * "error_description":"Invalid client credentials"}}, which the shared core reads. Keycloak has no
 * error codes of its own and no rate-limit headers beyond {@code Retry-After}. It answers a request
 * to a realm that does not exist with {@code 404 {"error":"Realm does not exist"}} (not an OAuth
 * error code, so the shared core maps it to {@code invalid_request}); the advice for that, and for
 * any other 404, is to check the realm in the token URL.
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

    /**
     * For a 404 or an error text about the realm: check the realm in the token URL, naming the
     * realm and the URL (without user info and query) the request went to.
     *
     * @param status the HTTP status
     * @param errorText the answer's {@code error} text that is not an OAuth error code, or null
     * @param requestUrl the URL the request went to, or null
     * @return the advice, or null for the shared advice
     */
    @Override
    public String advice(int status, String errorText, HttpUrl requestUrl) {
        boolean aboutRealm = errorText != null && errorText.toLowerCase(Locale.ROOT).contains("realm");
        if (requestUrl == null || (status != 404 && !aboutRealm)) {
            return null;
        }
        String realm = realmOf(requestUrl);
        return "Check the realm in the token URL: the request went to "
                + (realm == null ? "" : "realm '" + realm + "' (") + Endpoints.withoutCredentials(requestUrl)
                + (realm == null ? "" : ")") + ". Realm names are case-sensitive; Keycloak 16 and older serve"
                + " them under /auth/realms/.";
    }

    /** The path segment after the last {@code realms}, or null. */
    private static String realmOf(HttpUrl url) {
        List<String> segments = url.pathSegments();
        for (int i = segments.size() - 2; i >= 0; i--) {
            if ("realms".equals(segments.get(i))) {
                return segments.get(i + 1);
            }
        }
        return null;
    }
}
