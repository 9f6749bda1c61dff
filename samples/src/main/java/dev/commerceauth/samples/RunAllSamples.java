package dev.commerceauth.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs every sample in turn (the README's samples command) and fails if any of them fails.
 * Each sample starts and stops its own embedded emulator unless real credentials are configured.
 */
public final class RunAllSamples {

    private RunAllSamples() {
    }

    /** Runs all samples; throws if one failed, after running the rest. */
    public static void main(String[] args) {
        Map<String, Consumer<String[]>> samples = new LinkedHashMap<>();
        samples.put("SellyticsClientCredentials", SellyticsClientCredentials::main);
        samples.put("ShopwareIntegration", ShopwareIntegration::main);
        samples.put("ShopwareAdmin", ShopwareAdmin::main);
        samples.put("CommerceLayerSalesChannel", CommerceLayerSalesChannel::main);
        samples.put("CommerceLayerIntegration", CommerceLayerIntegration::main);
        samples.put("CachedTokenWithOkHttp", CachedTokenWithOkHttp::main);
        samples.put("RevokeToken", RevokeToken::main);

        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Consumer<String[]>> sample : samples.entrySet()) {
            try {
                sample.getValue().accept(args);
            } catch (RuntimeException e) {
                failed.add(sample.getKey());
                System.out.println("   FAILED: " + e);
            }
        }
        System.out.println();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("samples failed: " + failed);
        }
        System.out.println("All " + samples.size() + " samples succeeded.");
    }
}
