package dev.commerceauth.benchmarks;

/**
 * One token client of {@link VersusDriver}: a client_credentials token request for the emulator's
 * sellytics demo client (client_secret_post, one scope), on a client built once, so a keep-alive
 * connection is reused between fetches. {@link #fetch()} returns the access token's value.
 */
interface VersusSide {

    /** The side's name in the tables. */
    String name();

    /**
     * One uncached token request, answered and parsed.
     *
     * @return the access token value, never empty
     * @throws Exception when the request fails
     */
    String fetch() throws Exception;
}
