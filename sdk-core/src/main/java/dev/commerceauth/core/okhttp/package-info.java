/**
 * OkHttp integration: {@link dev.commerceauth.core.okhttp.BearerTokenInterceptor} adds
 * {@code Authorization: Bearer …} from a {@link dev.commerceauth.core.TokenProvider},
 * {@link dev.commerceauth.core.okhttp.BearerTokenAuthenticator} retries a 401 once with a new token,
 * and {@link dev.commerceauth.core.okhttp.BearerAuth#install} wires both into a client builder.
 * Install them only on clients that call resource servers, never on the client of the token
 * endpoint.
 */
package dev.commerceauth.core.okhttp;
