package dev.commerceauth.core.internal;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.Secret;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Internal: the request and response plumbing the three token clients share. It holds one
 * provider's base URL, the hardened {@link OkHttpClient} built from the builder's
 * {@link Transport} settings and the clock, creates the generated Retrofit APIs, and runs token and
 * revocation calls: logging, timing, error mapping ({@link TokenCalls}), secret redaction and the
 * validation of the answer ({@link TokenResponses}); after a successful revocation it tells the
 * client's {@link RevocationListeners}. A provider only maps a grant to its generated
 * request and its generated response to the token fields.
 */
public final class TokenEndpoint {

    private final Provider provider;
    private final HttpUrl baseUrl;
    private final OkHttpClient client;
    private final Clock clock;
    private final TokenCalls calls;
    private final TokenResponses responses;
    private final RevocationListeners revocations = new RevocationListeners();

    /**
     * Opens the endpoint.
     *
     * @param provider the provider, for messages and the default lifetime
     * @param baseUrl the base URL of the generated API, already checked with {@link Endpoints}
     * @param transport the builder's transport settings
     */
    public TokenEndpoint(Provider provider, HttpUrl baseUrl, Transport transport) {
        this.provider = provider;
        this.baseUrl = Endpoints.asDirectory(baseUrl);
        this.client = transport.buildClient();
        this.clock = transport.clock();
        this.calls = new TokenCalls(provider, clock);
        this.responses = new TokenResponses(provider);
    }

    /**
     * Creates a generated API over the hardened client.
     *
     * @param service the generated API interface
     * @param <T> the API type
     * @return the API
     */
    public <T> T api(Class<T> service) {
        return Transport.retrofit(baseUrl, client, provider).create(service);
    }

    /**
     * Creates a generated API whose every request carries an {@code Authorization} header.
     *
     * @param service the generated API interface
     * @param authorization the header value, ASCII only
     * @param <T> the API type
     * @return the API
     */
    public <T> T api(Class<T> service, String authorization) {
        return Transport.retrofit(baseUrl,
                request -> client.newCall(request.newBuilder().header("Authorization", authorization).build()),
                provider).create(service);
    }

    /**
     * The base URL, ending with {@code /}.
     *
     * @return the base URL
     */
    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /**
     * The hardened client, for further requests to the provider (a JWKS).
     *
     * @return the client
     */
    public OkHttpClient client() {
        return client;
    }

    /**
     * The clock that stamps tokens.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Requests a token: checks the grant is not null, lets the provider map it to a call of its
     * generated API, sends it and checks the answer has a body.
     *
     * @param grant the grant, checked not to be null
     * @param request maps the grant to the call; throws {@link IllegalArgumentException} for a
     *     grant the provider does not support
     * @param missingBodyHint the advice when a 2xx answer has no body, for example
     *     {@code Check the baseUrl.}
     * @param alsoSecret secrets the call sends besides the grant's (a header), removed like the
     *     grant's from every message built from the answer
     * @param <T> the generated response model
     * @return the answer, to be turned into a token with {@link Answer#toToken}
     * @throws dev.commerceauth.core.TokenException for every failure
     */
    public <T> Answer<T> requestToken(Grant grant, Function<Grant, Call<T>> request, String missingBodyHint,
            Secret... alsoSecret) {
        if (grant == null) {
            throw new IllegalArgumentException("grant must not be null");
        }
        Call<T> call = request.apply(grant);
        String action = grant.grantType() + " token request";
        Provider.LOG.log(Level.FINE, "{0}: {1} for client {2} to {3}",
                new Object[] {provider.displayName(), action, grant.clientId(), baseUrl.host()});
        Instant sentAt = clock.instant();
        String[] more = new String[alsoSecret.length];
        for (int i = 0; i < more.length; i++) {
            more[i] = alsoSecret[i] == null ? null : alsoSecret[i].reveal();
        }
        Response<T> response = calls.execute(call, action, Redactor.forGrant(grant, more));
        T body = response.body();
        if (body == null) {
            throw new InvalidResponseException(provider.displayName() + " answered HTTP " + response.code()
                    + " without a body. " + missingBodyHint, response.code());
        }
        return new Answer<>(this, response.code(), sentAt, body);
    }

    /**
     * Revokes a token: checks the arguments, lets the provider build the call of its generated
     * API and sends it.
     *
     * @param token the access or refresh token, validated like {@link Secret#of(String)}
     * @param issuedWith the grant whose client id and secret authenticate the revocation
     * @param request builds the call from the token and the client's grant
     * @throws dev.commerceauth.core.TokenException for every failure
     */
    public void revoke(String token, Grant issuedWith, BiFunction<Secret, Grant, Call<?>> request) {
        if (issuedWith == null) {
            throw new IllegalArgumentException("issuedWith must not be null");
        }
        Secret t = Secret.of(token);
        calls.execute(request.apply(t, issuedWith), "token revocation",
                Redactor.forGrant(issuedWith, t.reveal()));
        // the server accepted it: the client's token caches must never hand it out again
        revocations.revoked(t.reveal());
    }

    /**
     * Registers a listener for tokens this endpoint revokes (see
     * {@code TokenClient.addRevocationListener}); held weakly.
     *
     * @param listener receives the value of every token revoked with success
     * @return an action that unregisters it
     */
    public Runnable addRevocationListener(Consumer<String> listener) {
        return revocations.add(listener);
    }

    /**
     * A 2xx token answer with a body.
     *
     * @param <T> the generated response model
     */
    public static final class Answer<T> {
        private final TokenEndpoint endpoint;
        private final int status;
        private final Instant sentAt;
        private final T body;

        Answer(TokenEndpoint endpoint, int status, Instant sentAt, T body) {
            this.endpoint = endpoint;
            this.status = status;
            this.sentAt = sentAt;
            this.body = body;
        }

        /**
         * The response model.
         *
         * @return the body, never null
         */
        public T body() {
            return body;
        }

        /**
         * Validates the fields of the answer and builds the token (see {@link TokenResponses}).
         *
         * @param accessToken the {@code access_token}
         * @param tokenType the {@code token_type}
         * @param expiresIn the {@code expires_in}, or null
         * @param scope the {@code scope}, or null
         * @param refreshToken the {@code refresh_token}, or null
         * @param extras the provider's extra fields (null values skipped)
         * @return the token
         * @throws InvalidResponseException if the answer is not a valid token response
         */
        public AccessToken toToken(String accessToken, String tokenType, Long expiresIn, String scope,
                String refreshToken, Map<String, Object> extras) {
            return endpoint.responses.toToken(status, sentAt, accessToken, tokenType, expiresIn, scope,
                    refreshToken, extras);
        }
    }
}
