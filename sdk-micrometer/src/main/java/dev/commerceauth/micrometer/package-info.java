/**
 * Micrometer metrics for the SDK's cached token providers, usable with or without Spring.
 *
 * <p>{@link dev.commerceauth.micrometer.TokenMetrics} binds one provider to a
 * {@code MeterRegistry}: it instruments the provider's {@link dev.commerceauth.core.TokenClient}
 * (request count and latency by provider, grant type and outcome) and supplies the
 * {@link dev.commerceauth.core.TokenProviderListener} that counts refreshes ahead, waits, failures
 * and invalidations and publishes the seconds until the current token expires.
 * {@link dev.commerceauth.micrometer.TokenProviderListeners} combines it with other listeners. Tags
 * carry only the registration name you give, the provider, the grant type, the outcome and
 * exception class names: never a token, secret, client id or user name.
 */
package dev.commerceauth.micrometer;
