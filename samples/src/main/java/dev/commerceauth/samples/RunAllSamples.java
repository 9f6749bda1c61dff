package dev.commerceauth.samples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs every sample in turn (the README's samples command) and fails if any of them fails.
 *
 * <p>Every sample starts and stops its own embedded emulator: this runner sets
 * {@link SampleEnvironment#EMULATOR_ONLY_PROPERTY}, so provider variables set in the shell (see
 * README) are ignored here. No account, no network; to reach a real endpoint, run one sample by name.
 * {@link RedisFleet} needs a {@code redis-server} on the PATH; without one it says why and the
 * final line says that it did not run.
 */
public final class RunAllSamples {

    /** The variables that would switch a sample run on its own to a real endpoint. */
    private static final List<String> SWITCHES = Arrays.asList(
            "SELLYTICS_TOKEN_URL", "SHOPWARE_URL", CommerceLayerClients.SWITCH, CommerceLayerClients.SALES_CHANNEL_SWITCH,
            CommerceLayerClients.WEBAPP_SWITCH);

    private RunAllSamples() {
    }

    /** Runs all samples; throws if one failed, after running the rest. */
    public static void main(String[] args) {
        Map<String, Consumer<String[]>> samples = new LinkedHashMap<>();
        samples.put("SellyticsClientCredentials", SellyticsClientCredentials::main);
        samples.put("ShopwareIntegration", ShopwareIntegration::main);
        samples.put("ShopwareAdmin", ShopwareAdmin::main);
        samples.put("CommerceLayerSalesChannel", CommerceLayerSalesChannel::main);
        samples.put("CommerceLayerCustomerLogin", CommerceLayerCustomerLogin::main);
        samples.put("CommerceLayerAuthorizationCode", CommerceLayerAuthorizationCode::main);
        samples.put("CommerceLayerJwtBearer", CommerceLayerJwtBearer::main);
        samples.put("CommerceLayerIntegration", CommerceLayerIntegration::main);
        samples.put("CachedTokenWithOkHttp", CachedTokenWithOkHttp::main);
        samples.put("RevokeToken", RevokeToken::main);
        samples.put("RedisFleet", RedisFleet::main);
        samples.put("SpringBootRestClient", sampleArgs -> ModuleSample.run("SpringBootRestClient", sampleArgs));

        List<String> ignored = new ArrayList<>();
        for (String variable : SWITCHES) {
            String value = System.getenv(variable);
            if (value != null && !value.trim().isEmpty()) {
                ignored.add(variable);
            }
        }
        System.out.println("Running " + samples.size() + " samples, each against its own embedded emulator"
                + (ignored.isEmpty() ? "" : " (ignoring " + String.join(", ", ignored)
                        + ": run a sample by name to reach a real endpoint)"));

        String previous = System.setProperty(SampleEnvironment.EMULATOR_ONLY_PROPERTY, "true");
        List<String> failed = new ArrayList<>();
        try {
            for (Map.Entry<String, Consumer<String[]>> sample : samples.entrySet()) {
                try {
                    sample.getValue().accept(args);
                } catch (RuntimeException e) {
                    failed.add(sample.getKey());
                    System.out.println("   FAILED: " + e);
                }
            }
        } finally {
            if (previous == null) {
                System.clearProperty(SampleEnvironment.EMULATOR_ONLY_PROPERTY);
            } else {
                System.setProperty(SampleEnvironment.EMULATOR_ONLY_PROPERTY, previous);
            }
        }
        System.out.println();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("samples failed: " + failed);
        }
        String notRun = RedisFleet.notRunReason();
        if (notRun == null) {
            System.out.println("All " + samples.size() + " samples succeeded.");
        } else {
            // .ci/check-samples accepts this line only when redis-server is really absent
            System.out.println("All " + (samples.size() - 1) + " of " + samples.size()
                    + " samples succeeded; RedisFleet did not run: " + notRun);
        }
    }
}
