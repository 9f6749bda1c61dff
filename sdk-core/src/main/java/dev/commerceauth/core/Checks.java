package dev.commerceauth.core;

import dev.commerceauth.core.internal.Ascii;
import java.net.URI;
import java.net.URISyntaxException;

/** Validation helpers of the grant builders; messages name the field, never a secret value. */
final class Checks {

    private Checks() {
    }

    /** A non-blank identifier that may go into an HTTP header: printable ASCII, no whitespace. */
    static String clientId(String value) {
        if (value == null) {
            throw new IllegalArgumentException("clientId must not be null");
        }
        if (value.trim().isEmpty()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "clientId must be printable ASCII without whitespace (bad character at position " + i + ")");
            }
        }
        return value;
    }

    /** A non-blank text without control characters (user names). */
    static String text(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.trim().isEmpty()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(
                        name + " must not contain control characters (position " + i + ")");
            }
        }
        return value;
    }

    /** An absolute http(s) URI. */
    static String redirectUri(String value) {
        text(value, "redirectUri");
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("redirectUri is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || scheme == null || uri.getHost() == null) {
            throw new IllegalArgumentException("redirectUri must be an absolute URI with a host, like https://example.com/callback");
        }
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("redirectUri must use http or https, not " + scheme);
        }
        return value;
    }

    static Scope scope(Scope scope) {
        if (scope == null) {
            return Scope.none();
        }
        // Scope.parse reads a server's answer leniently; a requested scope must be what of() accepts
        for (String value : scope.values()) {
            if (!Ascii.isVisible(value, Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("scope must be printable ASCII without spaces; a scope read with"
                        + " Scope.parse contains other characters. Build requested scopes with Scope.of, market or"
                        + " the other factories");
            }
        }
        return scope;
    }
}
