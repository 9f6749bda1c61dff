package dev.commerceauth.core.internal.cache;

import java.util.logging.Logger;

/**
 * The one logger of the cache's parts. It keeps the name of the public class,
 * {@code dev.commerceauth.core.CachingTokenProvider}, so that logging configuration written for
 * that class still applies to every part.
 */
final class CacheLog {

    /** The logger every part of the cache writes to. */
    static final Logger LOG = Logger.getLogger("dev.commerceauth.core.CachingTokenProvider");

    private CacheLog() {
    }
}
