package dev.commerceauth.benchmarks;

import dev.commerceauth.emulator.DemoCredentials;
import java.io.IOException;
import okhttp3.OkHttpClient;

/**
 * Cold start, baseline side: a fresh JVM that makes the hand-written OkHttp 3.14.9 + Gson token
 * request ({@link HandWrittenTokenCall}) and exits. Same jar, same JVM flags, same emulator as
 * {@link ColdStartSdk}; see {@link ColdStartDriver}.
 */
public final class ColdStartBaseline {

    private ColdStartBaseline() {
    }

    public static void main(String[] args) throws IOException {
        HandWrittenTokenCall call = new HandWrittenTokenCall(new OkHttpClient(), args[0],
                DemoCredentials.SELLYTICS_CLIENT_ID, DemoCredentials.SELLYTICS_CLIENT_SECRET,
                DemoCredentials.SELLYTICS_SCOPE);
        HandWrittenTokenCall.Token token = call.fetch();
        System.out.println("token " + token.value().length() + " chars, cpu_ms=" + SelfCpu.millis());
        System.exit(0);
    }
}
