package dev.commerceauth.spring;

import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenProviderListener;

/**
 * Instruments the client and supplies a listener for one registration's provider; the Micrometer
 * binding implements it when Micrometer is on the class path. Core types only in its signature, so
 * that the factory never links optional libraries.
 */
interface TokenProviderInstrumentation {

    /**
     * The client to build the provider on and a listener to add.
     *
     * @param registration the registration name
     * @param client the provider's client
     * @return the instrumented client and listener, or {@code null} to leave the provider alone
     */
    Instrumented instrument(String registration, TokenClient client);

    /**
     * An instrumented client and its listener.
     *
     * @param client the client to build the provider on
     * @param listener the listener to add
     */
    record Instrumented(TokenClient client, TokenProviderListener listener) {
    }
}
