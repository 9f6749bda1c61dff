package dev.commerceauth.core.okhttp;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProvider;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Authenticator;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * An OkHttp {@link Authenticator} that answers a 401 from the resource server by retrying the
 * request <b>once</b> with a new token.
 *
 * <p>On a 401 it compares the token the failed request carried with the provider's current token.
 * If they are the same it {@linkplain TokenProvider#invalidate(AccessToken) invalidates} it (a
 * compare-and-invalidate, so a burst of 401s for one token causes one new token request) and
 * takes the new token; if another call has already replaced it, it simply uses the current one.
 * It gives up (returns {@code null}, so the caller sees the 401) when:
 * <ul>
 *   <li>the request was already retried after a 401 (a server that always answers 401 yields
 *       that 401 after two attempts, never {@code Too many follow-up requests});</li>
 *   <li>the request body is one-shot ({@code RequestBody.isOneShot()}) and cannot be replayed;</li>
 *   <li>the failed request carried no bearer token, or the provider hands out the rejected token
 *       again.</li>
 * </ul>
 * When the provider cannot supply a token the call fails with a
 * {@link BearerTokenUnavailableException}; the 401 response is closed first, so its connection
 * goes back to the pool.
 *
 * <p>Use it together with {@link BearerTokenInterceptor}, for example through
 * {@link BearerAuth#install}.
 */
public final class BearerTokenAuthenticator implements Authenticator {

    private final TokenProvider provider;

    /**
     * Creates the authenticator.
     *
     * @param provider where tokens come from
     */
    public BearerTokenAuthenticator(TokenProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Returns the request to retry with a new token, or {@code null} to give up.
     *
     * @param route the route, unused
     * @param response the 401 response
     * @return the retry, or {@code null}
     * @throws IOException a {@link BearerTokenUnavailableException} when no token could be obtained
     */
    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        if (response.code() != 401 || alreadyRetried(response)) {
            return null;
        }
        Request failed = response.request();
        if (failed.body() != null && failed.body().isOneShot()) {
            return null;
        }
        String sent = BearerAuth.bearerValue(failed);
        if (sent == null) {
            return null;
        }
        try {
            AccessToken current = BearerAuth.currentToken(provider);
            if (sent.equals(current.value())) {
                provider.invalidate(current);
                current = BearerAuth.currentToken(provider);
                if (sent.equals(current.value())) {
                    return null;
                }
            }
            return BearerAuth.withToken(failed, current);
        } catch (IOException | Error e) {
            // OkHttp closes the 401 only when authenticate() returns; when it throws, the response
            // would keep its connection out of the pool forever.
            closeQuietly(response, e);
            throw e;
        } catch (RuntimeException e) {
            // invalidate() of a provider failed: OkHttp only expects IOExceptions from an authenticator
            // (anything else escapes to the dispatcher thread of an asynchronous call)
            closeQuietly(response, e);
            throw BearerAuth.unavailable("The bearer token was rejected (HTTP 401) and could not be renewed", e);
        }
    }

    private static void closeQuietly(Response response, Throwable failure) {
        try {
            response.close();
        } catch (RuntimeException | Error closeFailed) {
            failure.addSuppressed(closeFailed);
        }
    }

    private static boolean alreadyRetried(Response response) {
        for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
            if (prior.code() == 401) {
                return true;
            }
        }
        return false;
    }
}
