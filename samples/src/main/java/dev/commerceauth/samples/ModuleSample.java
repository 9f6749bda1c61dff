package dev.commerceauth.samples;

import java.util.ServiceLoader;

/**
 * A sample that lives in a module of its own because it needs more than Java 8 (the Spring Boot
 * sample in {@code samples/spring-boot}, Java 17). That module depends on this one and registers its
 * samples in {@code META-INF/services/dev.commerceauth.samples.ModuleSample}; {@link RunAllSamples}
 * finds them by name, so this module stays Java 8 and free of Spring.
 */
public interface ModuleSample {

    /**
     * The sample's name, as in the README's samples table.
     *
     * @return the name
     */
    String name();

    /**
     * Runs the sample.
     *
     * @param args the command line
     */
    void run(String[] args);

    /**
     * Runs the module sample called {@code name}.
     *
     * @param name the sample's name
     * @param args the command line
     * @throws IllegalStateException if no module on the class path provides it
     */
    static void run(String name, String[] args) {
        for (ModuleSample sample : ServiceLoader.load(ModuleSample.class)) {
            if (sample.name().equals(name)) {
                sample.run(args);
                return;
            }
        }
        throw new IllegalStateException(name + " is not on the class path: run the README's samples command from the"
                + " repository root (the samples-spring-boot module runs every sample)");
    }
}
