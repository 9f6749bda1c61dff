package dev.commerceauth.samples;

import dev.commerceauth.emulator.TokenServerEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

/**
 * Where a sample gets its endpoint and credentials from.
 *
 * <p>By default every sample runs against an embedded {@link TokenServerEmulator} that it starts
 * itself, with the emulator's demo credentials: no account, no network. When the environment
 * variable that names a provider's endpoint or client is set (see README), the sample talks to the
 * real provider instead and reads every other value from the environment too.
 *
 * <p>While the system property {@value #EMULATOR_ONLY_PROPERTY} is {@code true} (which
 * {@link RunAllSamples}, the README's samples command, sets), the environment is ignored and every
 * sample runs against its emulator, whatever provider variables the shell has set.
 */
final class SampleEnvironment implements AutoCloseable {

    /** System property that makes every sample ignore the environment and use its embedded emulator. */
    static final String EMULATOR_ONLY_PROPERTY = "dev.commerceauth.samples.emulatorOnly";

    private final Map<String, String> env;
    private final Duration tokenLifetime;
    private final Clock emulatorClock;
    private TokenServerEmulator emulator;

    private SampleEnvironment(Map<String, String> env, Duration tokenLifetime, Clock emulatorClock) {
        this.env = env;
        this.tokenLifetime = tokenLifetime;
        this.emulatorClock = emulatorClock;
    }

    /** The process environment; an emulator with the providers' default token lifetimes. */
    static SampleEnvironment fromSystem() {
        return new SampleEnvironment(processEnvironment(), null, null);
    }

    /**
     * The process environment; an emulator whose tokens live only {@code lifetime}, so a sample can
     * show refreshes within seconds.
     */
    static SampleEnvironment fromSystem(Duration lifetime) {
        return new SampleEnvironment(processEnvironment(), lifetime, null);
    }

    /**
     * The process environment; an emulator that tells the time by {@code emulatorClock} (a
     * {@link dev.commerceauth.emulator.ManualClock}), so a sample can move time forward instead of
     * sleeping. {@link CommerceLayerClients} gives its clients for the emulator the same clock
     * ({@link #clock()}); its clients for a real provider keep the system clock.
     */
    static SampleEnvironment fromSystem(Clock emulatorClock) {
        return new SampleEnvironment(processEnvironment(), null, emulatorClock);
    }

    /** {@code System.getenv()}, or nothing at all while {@value #EMULATOR_ONLY_PROPERTY} is true. */
    private static Map<String, String> processEnvironment() {
        return Boolean.getBoolean(EMULATOR_ONLY_PROPERTY) ? Collections.<String, String>emptyMap() : System.getenv();
    }

    /** True when {@code switchVariable} is set: the sample then talks to the real provider. */
    boolean real(String switchVariable) {
        String value = env.get(switchVariable);
        return value != null && !value.trim().isEmpty();
    }

    /**
     * The value of {@code variable} when running against the real provider, else {@code demoValue}.
     * A missing variable in real mode is an error that names it.
     */
    String value(String switchVariable, String variable, String demoValue) {
        if (!real(switchVariable)) {
            return demoValue;
        }
        String value = env.get(variable);
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalStateException(
                    switchVariable + " is set, so this sample talks to the real provider: set " + variable + " too");
        }
        return value.trim();
    }

    /** An optional variable (real provider only), trimmed; null when it is not set or blank. */
    String optional(String variable) {
        String value = env.get(variable);
        return value == null || value.trim().isEmpty() ? null : value.trim();
    }

    /**
     * The clock of the SDK clients that talk to the embedded emulator: the emulator's own clock when
     * one was given, else the system clock (the SDK's default).
     */
    Clock clock() {
        return emulatorClock != null ? emulatorClock : Clock.systemUTC();
    }

    /** The embedded emulator, started on first use on a free loopback port. */
    TokenServerEmulator emulator() {
        if (emulator == null) {
            TokenServerEmulator.Builder builder = TokenServerEmulator.builder().port(0);
            if (tokenLifetime != null) {
                builder.tokenLifetime(tokenLifetime);
            }
            if (emulatorClock != null) {
                builder.clock(emulatorClock);
            }
            emulator = builder.start();
            SampleOutput.note("embedded emulator at " + emulator.baseUrl() + " (no account, no network)");
        }
        return emulator;
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
