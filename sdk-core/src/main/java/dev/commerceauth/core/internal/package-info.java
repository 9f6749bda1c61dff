/**
 * Internal plumbing of the token clients: the hardened OkHttp/Retrofit setup, the request and
 * response plumbing, the shared core of error mapping that each provider's error dialect plugs
 * into, JWT decoding and verification, redaction and masking. Not part of the public API: it may
 * change in any release, applications must not use it, and it is left out of the published Javadoc.
 */
package dev.commerceauth.core.internal;
