package dev.commerceauth.benchmarks;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.sellytics.SellyticsAuth;

/**
 * Cold start, SDK side: a fresh JVM that builds the sellytics client, asks a {@code TokenProvider}
 * for its first token and exits: the calls of the sellytics sample, plus the cache (the
 * recommended path, and the conservative choice: it loads more classes than a bare
 * {@code requestToken}). Run by
 * {@link ColdStartDriver}, which owns the emulator, so the emulator's start is never counted here.
 * Self-contained on purpose: it loads only what a user's program would load.
 */
public final class ColdStartSdk {

    private ColdStartSdk() {
    }

    public static void main(String[] args) {
        SellyticsAuth auth = SellyticsAuth.builder().tokenUrl(args[0]).build();
        ClientCredentialsGrant grant = ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.SELLYTICS_CLIENT_ID)     // compile-time constants:
                .clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET) // the emulator's classes
                .scope(Scope.of(DemoCredentials.SELLYTICS_SCOPE))  // are not loaded
                .build();
        try (TokenProvider provider = auth.tokenProvider(grant)) {
            AccessToken token = provider.token();
            System.out.println("token " + token.value().length() + " chars, cpu_ms=" + SelfCpu.millis());
        }
        System.exit(0);
    }
}
