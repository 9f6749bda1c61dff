package dev.commerceauth.core.okhttp;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.core.internal.Ascii;
import java.io.IOException;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Wires a {@link TokenProvider} into an {@link OkHttpClient} that calls a resource server.
 *
 * <pre>{@code
 * OkHttpClient api = BearerAuth.install(new OkHttpClient.Builder(), tokens).build();
 * }</pre>
 *
 * <p>Never install it on the client that calls the token endpoint: token requests must go through
 * a client without auth interceptors (the provider clients of this SDK have their own).
 */
public final class BearerAuth {

    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";

    private BearerAuth() {
    }

    /**
     * Adds a {@link BearerTokenInterceptor} (as an application interceptor) and sets a
     * {@link BearerTokenAuthenticator} as the client's authenticator, replacing any other.
     *
     * @param builder the resource server client's builder
     * @param provider where tokens come from
     * @return {@code builder}
     */
    public static OkHttpClient.Builder install(OkHttpClient.Builder builder, TokenProvider provider) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(provider, "provider");
        return builder.addInterceptor(new BearerTokenInterceptor(provider))
                .authenticator(new BearerTokenAuthenticator(provider));
    }

    static AccessToken currentToken(TokenProvider provider) throws IOException {
        AccessToken token;
        try {
            token = provider.token();
        } catch (RuntimeException e) {
            throw unavailable("No bearer token available", e);
        }
        if (token == null) {
            throw new BearerTokenUnavailableException("No bearer token available: the TokenProvider returned null;"
                    + " fix the TokenProvider implementation", null);
        }
        return token;
    }

    /** Wraps a provider's failure in the {@link IOException} OkHttp requires of interceptors and authenticators. */
    static BearerTokenUnavailableException unavailable(String what, RuntimeException e) {
        return new BearerTokenUnavailableException(what + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    static Request withToken(Request request, AccessToken token) throws IOException {
        String value = token.value();
        // Validate before OkHttp does: OkHttp 3.14.9 would echo the header value in its exception
        // message (CVE-2023-0833).
        if (!Ascii.hasOnlyVisible(value)) {
            throw new BearerTokenUnavailableException(
                    "The access token contains a character not allowed in a header", null);
        }
        return request.newBuilder()
                .header(AUTHORIZATION, BEARER + value)
                .tag(AccessToken.class, token)
                .build();
    }

    static String bearerValue(Request request) {
        String header = request.header(AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }
}
