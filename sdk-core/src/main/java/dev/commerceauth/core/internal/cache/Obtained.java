package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;

/**
 * A token a flight got, and where from: requested from the token endpoint, or adopted from the
 * shared store (another provider's request). Immutable.
 */
final class Obtained {

    final AccessToken token;
    /** Whether the token came from the store rather than a request of this provider. */
    final boolean adopted;

    private Obtained(AccessToken token, boolean adopted) {
        this.token = token;
        this.adopted = adopted;
    }

    static Obtained requested(AccessToken token) {
        return new Obtained(token, false);
    }

    static Obtained adopted(AccessToken token) {
        return new Obtained(token, true);
    }

    @Override
    public String toString() {
        return "Obtained{" + (adopted ? "adopted " : "requested ") + token + "}";
    }
}
