/**
 * Internal plumbing of the token clients (hardened OkHttp/Retrofit setup, error parsing, JWT
 * decoding, masking). Not part of the public API: it may change in any release.
 */
package dev.commerceauth.core.internal;
