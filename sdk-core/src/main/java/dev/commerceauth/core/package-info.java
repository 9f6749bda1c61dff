/**
 * The provider-neutral API: grants ({@link dev.commerceauth.core.Grant} and its five subclasses),
 * {@link dev.commerceauth.core.Scope}, {@link dev.commerceauth.core.Secret},
 * {@link dev.commerceauth.core.AccessToken}, the {@link dev.commerceauth.core.TokenClient} interface
 * and the exception hierarchy rooted at {@link dev.commerceauth.core.TokenException}.
 */
package dev.commerceauth.core;
