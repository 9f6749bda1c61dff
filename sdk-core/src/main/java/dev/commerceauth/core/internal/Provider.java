package dev.commerceauth.core.internal;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Internal: what the shared plumbing needs to know about a provider — its name for messages, the
 * advice for rejected client credentials and the lifetime assumed when an answer has neither
 * {@code expires_in} nor a JWT {@code exp}.
 */
public final class Provider {

    /** The SDK's logger; only masked values are ever logged. */
    public static final Logger LOG = Logger.getLogger("dev.commerceauth");

    private final String displayName;
    private final String credentialsHint;
    private final Duration defaultLifetime;

    /**
     * Describes a provider.
     *
     * @param displayName the name used in messages, for example {@code Commerce Layer}
     * @param credentialsHint the advice when client credentials are rejected
     * @param defaultLifetime the lifetime assumed without {@code expires_in} and JWT {@code exp}
     */
    public Provider(String displayName, String credentialsHint, Duration defaultLifetime) {
        this.displayName = displayName;
        this.credentialsHint = credentialsHint;
        this.defaultLifetime = defaultLifetime;
    }

    /**
     * The provider's name for messages.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * The advice when client credentials are rejected.
     *
     * @return the hint sentence
     */
    public String credentialsHint() {
        return credentialsHint;
    }

    /**
     * The lifetime assumed when the answer has neither {@code expires_in} nor a JWT {@code exp}.
     *
     * @return the default lifetime
     */
    public Duration defaultLifetime() {
        return defaultLifetime;
    }
}
