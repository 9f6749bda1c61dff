package dev.commerceauth.benchmarks;

/**
 * Cold start, Nimbus side of {@link VersusDriver}: a fresh JVM, on a class path of only Nimbus's jars
 * and this module's classes, that fetches one token with {@link NimbusSide} and exits.
 */
public final class ColdStartNimbus {

    private ColdStartNimbus() {
    }

    public static void main(String[] args) throws Exception {
        String token = new NimbusSide(args[0]).fetch();
        System.out.println("token " + token.length() + " chars, cpu_ms=" + SelfCpu.millis());
        System.exit(0);
    }
}
