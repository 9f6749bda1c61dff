/**
 * The provider-neutral API: grants ({@link dev.commerceauth.core.Grant} and its five subclasses,
 * whose builders share {@link dev.commerceauth.core.Grant.Builder}),
 * {@link dev.commerceauth.core.Scope}, {@link dev.commerceauth.core.Secret},
 * {@link dev.commerceauth.core.AccessToken}, the {@link dev.commerceauth.core.TokenClient} interface
 * (whose provider builders share {@link dev.commerceauth.core.TokenClientBuilder})
 * and the exception hierarchy rooted at {@link dev.commerceauth.core.TokenException}; and the
 * expiry cache: {@link dev.commerceauth.core.TokenProvider}, implemented by
 * {@link dev.commerceauth.core.CachingTokenProvider}, with the
 * {@link dev.commerceauth.core.TokenProviderListener} hook and the optional
 * {@link dev.commerceauth.core.TokenStore} to share tokens between providers or processes, and the
 * {@link dev.commerceauth.core.CoordinatedTokenStore} whose versions and leases
 * ({@link dev.commerceauth.core.VersionedToken}, {@link dev.commerceauth.core.StoreLease}) let
 * processes coordinate their refreshes.
 * OkHttp integration lives in {@code dev.commerceauth.core.okhttp}.
 */
package dev.commerceauth.core;
