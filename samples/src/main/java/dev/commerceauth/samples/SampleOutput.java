package dev.commerceauth.samples;

import dev.commerceauth.core.AccessToken;
import java.time.Clock;
import java.time.Duration;

/** Human-friendly console output shared by the samples; tokens are printed masked only. */
final class SampleOutput {

    private SampleOutput() {
    }

    /** Prints the sample's title. */
    static void title(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    /** Prints one step of the sample. */
    static void note(String text) {
        System.out.println("   " + text);
    }

    /** Prints what a token is without revealing it: masked value, expiry, lifetime and scopes. */
    static void token(String label, AccessToken token) {
        token(label, token, Clock.systemUTC());
    }

    /** {@link #token(String, AccessToken)}, telling the time left by {@code clock} (a sample's moved clock). */
    static void token(String label, AccessToken token, Clock clock) {
        Duration left = Duration.between(clock.instant(), token.expiresAt());
        System.out.println("   " + label + ": " + mask(token.value())
                + " | " + token.tokenType()
                + " | expires " + token.expiresAt() + " (in " + left.getSeconds() + " s, lifetime "
                + token.lifetime().getSeconds() + " s)"
                + " | scope " + (token.scope().isEmpty() ? "(none)" : token.scope().toWireValue())
                + (token.refreshToken().isPresent() ? " | refresh token: yes" : ""));
    }

    /** First and last four characters of a token, the rest hidden. */
    static String mask(String token) {
        if (token == null || token.length() < 16) {
            return "****";
        }
        return token.substring(0, 4) + "…" + token.substring(token.length() - 4);
    }
}
