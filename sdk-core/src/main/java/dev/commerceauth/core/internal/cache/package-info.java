/**
 * Internal plumbing of {@link dev.commerceauth.core.CachingTokenProvider} (timing policy, the shared
 * bounded refresh pool). Not part of the public API: it may change in any release.
 */
package dev.commerceauth.core.internal.cache;
