/**
 * A {@link dev.commerceauth.core.CoordinatedTokenStore} on Redis:
 * {@link dev.commerceauth.redis.RedisTokenStore}, through which the processes of a fleet share one
 * token and coordinate its refreshes, with AES-GCM encrypted entries; its failures are
 * {@link dev.commerceauth.redis.StoreUnavailableException}s.
 */
package dev.commerceauth.redis;
