package dev.commerceauth.benchmarks;

/**
 * Cold start, Spring side of {@link VersusDriver}: a fresh JVM, on a class path of only Spring's jars
 * and this module's classes, that fetches one token with {@link SpringSide} and exits.
 */
public final class ColdStartSpring {

    private ColdStartSpring() {
    }

    public static void main(String[] args) throws Exception {
        String token = new SpringSide(args[0]).fetch();
        System.out.println("token " + token.length() + " chars, cpu_ms=" + SelfCpu.millis());
        System.exit(0);
    }
}
