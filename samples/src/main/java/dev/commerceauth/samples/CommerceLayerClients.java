package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;

/** Builds the {@link CommerceLayerAuth} client a Commerce Layer sample talks to. */
final class CommerceLayerClients {

    /** Environment variable that switches the Commerce Layer samples to the real service. */
    static final String SWITCH = "COMMERCELAYER_CLIENT_ID";

    private CommerceLayerClients() {
    }

    /**
     * The real {@code https://auth.{COMMERCELAYER_DOMAIN:-commercelayer.io}} when {@link #SWITCH} is
     * set, else the embedded emulator.
     */
    static CommerceLayerAuth client(SampleEnvironment env) {
        if (env.real(SWITCH)) {
            String domain = System.getenv("COMMERCELAYER_DOMAIN");
            return CommerceLayerAuth.builder()
                    .domain(domain == null || domain.trim().isEmpty() ? "commercelayer.io" : domain.trim())
                    .build();
        }
        return CommerceLayerAuth.builder().baseUrl(env.emulator().commerceLayerBaseUrl()).build();
    }
}
