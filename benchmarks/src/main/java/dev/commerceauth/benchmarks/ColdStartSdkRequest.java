package dev.commerceauth.benchmarks;

/**
 * Cold start, this SDK's side of {@link VersusDriver} like for like with Nimbus and Spring: a
 * fresh JVM, on a class path of only the SDK's runtime jars and this module's classes, that
 * fetches one token with {@link SdkSide} ({@code SellyticsAuth.requestToken}, no cache) and exits.
 * {@link ColdStartSdk} is the same through a {@code TokenProvider} (cache and its worker thread).
 */
public final class ColdStartSdkRequest {

    private ColdStartSdkRequest() {
    }

    public static void main(String[] args) {
        String token = new SdkSide(args[0]).fetch();
        System.out.println("token " + token.length() + " chars, cpu_ms=" + SelfCpu.millis());
        System.exit(0);
    }
}
