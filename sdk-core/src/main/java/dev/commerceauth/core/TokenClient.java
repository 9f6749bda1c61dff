package dev.commerceauth.core;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A client of one provider's token endpoint. Implementations are thread-safe and do no caching:
 * every {@link #requestToken(Grant)} is one HTTP request.
 *
 * <p>The implementations are {@code SellyticsAuth}, {@code ShopwareAuth} and
 * {@code CommerceLayerAuth}.
 */
public interface TokenClient {

    /**
     * Requests an access token with the given grant.
     *
     * @param grant the grant; must be one the provider supports
     * @return the access token
     * @throws IllegalArgumentException if the provider does not support the grant; the message names
     *     the supported grants
     * @throws OAuthErrorException if the server rejected the request ({@link RateLimitedException}
     *     when it asks to slow down)
     * @throws TransportException on I/O errors and timeouts
     * @throws InvalidResponseException if the answer is not a valid token response
     */
    AccessToken requestToken(Grant grant);

    /**
     * The grant types {@link #requestToken(Grant)} accepts, named as {@link Grant#grantType()} returns
     * them (for example {@value ClientCredentialsGrant#GRANT_TYPE}). {@link #supports(Grant)} is
     * answered from this set, and {@link CachingTokenProvider.Builder#build()} names it when it
     * rejects a grant.
     *
     * <p>The default returns every grant type the SDK defines (the types of
     * {@link ClientCredentialsGrant}, {@link PasswordGrant}, {@link AuthorizationCodeGrant},
     * {@link RefreshTokenGrant} and {@link JwtBearerGrant}), so a client that does not override it
     * is taken to accept every grant. The SDK's clients return exactly the grant types their
     * {@code requestToken} accepts. An implementation that overrides {@link #supports(Grant)} should
     * override this method consistently.
     *
     * @return an unmodifiable set of grant types, in the order messages should name them
     */
    default Set<String> supportedGrantTypes() {
        return Grant.SDK_GRANT_TYPES;
    }

    /**
     * Whether {@link #requestToken(Grant)} accepts this kind of grant. Checks the grant's type only
     * (no request is sent, credentials are not validated), so that
     * {@link CachingTokenProvider.Builder#build()} can reject an unsupported grant at once instead
     * of failing on the first {@link TokenProvider#token()}. It is also used to decide whether the
     * tokens of a grant that {@linkplain Grant#renewsWithRefreshToken() renews with a refresh token}
     * may be renewed with the {@code refresh_token} grant.
     *
     * <p>The default returns whether {@link #supportedGrantTypes()} contains the grant's
     * {@linkplain Grant#grantType() type}; override it only for a finer decision.
     *
     * @param grant the grant
     * @return whether the grant's type is supported
     */
    default boolean supports(Grant grant) {
        return supportedGrantTypes().contains(grant.grantType());
    }

    /**
     * Revokes an access or refresh token. Supported by sellytics (Keycloak's revocation endpoint,
     * using the client credentials the client was built with) and Commerce Layer ({@code /oauth/revoke});
     * Shopware has no revocation endpoint and throws {@link UnsupportedOperationException}. After a
     * successful revocation no {@link CachingTokenProvider} of this client hands the token out again
     * or renews with it (see {@link #addRevocationListener}).
     *
     * @param token the access or refresh token to revoke
     * @throws UnsupportedOperationException if the provider cannot revoke tokens
     * @throws IllegalStateException if the client has no credentials to revoke with
     * @throws OAuthErrorException if the server rejected the revocation
     * @throws TransportException on I/O errors and timeouts
     * @throws InvalidResponseException if the answer is not a valid revocation response
     */
    void revoke(String token);

    /**
     * Registers {@code listener} to be told the value of every access or refresh token this client
     * revokes with success, so that the {@link CachingTokenProvider}s built on this client never hand
     * out a revoked access token again nor renew with a revoked refresh token. A provider registers
     * when it is built and unregisters when it is {@linkplain TokenProvider#close() closed}.
     *
     * <p>The listener is called on the thread that revoked, after the server accepted the revocation;
     * it must be quick and must not block. The SDK's clients that can revoke ({@code SellyticsAuth},
     * {@code CommerceLayerAuth}) hold listeners <em>weakly</em>: a listener stays registered while its
     * owner keeps a reference to it (a provider that is dropped without being closed is forgotten with
     * it), so do not register a lambda you keep no reference to. What a listener throws is logged and
     * ignored.
     *
     * <p>The default registers nothing and returns an action that does nothing: right for a client
     * that cannot revoke (Shopware), and the reason why a client that wraps another must forward this
     * method if its providers are to hear of revocations. A client of your own that revokes should
     * tell its listeners after each successful revocation, holding them weakly.
     *
     * @param listener receives the revoked token's value
     * @return an action that unregisters the listener; running it again does nothing
     */
    default Runnable addRevocationListener(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        return () -> { };
    }

    /**
     * The clock the client stamps {@link AccessToken#issuedAt()} with; caches should use it too.
     *
     * @return the client's clock
     */
    Clock clock();

    /**
     * Returns a caching {@link TokenProvider} for {@code grant}'s tokens from this client, with
     * the default options of {@link CachingTokenProvider}: tokens are refreshed ahead of expiry in
     * the background, concurrent callers share one request, and failures back off. Use
     * {@link CachingTokenProvider#builder(TokenClient, Grant)} to tune margins, timeouts, the clock
     * or the listener. Close the provider when it is no longer needed.
     *
     * @param grant the grant to obtain tokens with; must be one this client supports
     * @return a new provider; nothing is requested until its first {@link TokenProvider#token()}
     */
    default TokenProvider tokenProvider(Grant grant) {
        return CachingTokenProvider.builder(this, grant).build();
    }
}
