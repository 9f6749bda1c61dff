package dev.commerceauth.core.internal;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Internal: what the shared plumbing needs to know about one provider — its name for messages, the
 * advice for rejected client credentials, the lifetime assumed when an answer has neither
 * {@code expires_in} nor a JWT {@code exp}, and its {@link ErrorDialect}. Each provider's client
 * creates its own; there is no list of providers.
 */
public final class Provider {

    /** The SDK's logger; only masked values are ever logged. */
    public static final Logger LOG = Logger.getLogger("dev.commerceauth");

    private final String displayName;
    private final String credentialsHint;
    private final Duration defaultLifetime;
    private final ErrorDialect errorDialect;

    /**
     * Describes a provider.
     *
     * @param displayName the name used in messages, for example {@code Commerce Layer}
     * @param credentialsHint the advice when client credentials are rejected
     * @param defaultLifetime the lifetime assumed without {@code expires_in} and JWT {@code exp}
     * @param errorDialect what the provider's own error codes and wait hints mean
     */
    public Provider(String displayName, String credentialsHint, Duration defaultLifetime, ErrorDialect errorDialect) {
        if (errorDialect == null) {
            throw new IllegalArgumentException("errorDialect must not be null");
        }
        this.displayName = displayName;
        this.credentialsHint = credentialsHint;
        this.defaultLifetime = defaultLifetime;
        this.errorDialect = errorDialect;
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

    /**
     * What the provider's own error codes and wait hints mean.
     *
     * @return the error dialect
     */
    public ErrorDialect errorDialect() {
        return errorDialect;
    }
}
