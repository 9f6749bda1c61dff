package dev.commerceauth.emulator;

import com.google.gson.JsonParseException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorMainTest {

    @Test
    void printsUrlsAndDemoCredentials() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TokenServerEmulator e = EmulatorMain.start(new String[] {"--port", "0", "--token-lifetime", "77"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            String out = bytes.toString(StandardCharsets.UTF_8);
            for (String expected : List.of(e.baseUrl(), e.sellyticsTokenUrl(), e.shopwareUrl(), e.shopwareTokenUrl(),
                    e.commerceLayerBaseUrl(), e.commerceLayerTokenUrl(), e.commerceLayerRevokeUrl(),
                    e.commerceLayerJwksUrl(), e.protectedResourceUrl(), DemoCredentials.SELLYTICS_CLIENT_ID,
                    DemoCredentials.SELLYTICS_CLIENT_SECRET, DemoCredentials.SHOPWARE_ACCESS_KEY_ID,
                    DemoCredentials.SHOPWARE_SECRET_ACCESS_KEY, DemoCredentials.SHOPWARE_ADMIN_USERNAME,
                    DemoCredentials.SHOPWARE_ADMIN_PASSWORD, DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                    DemoCredentials.COMMERCELAYER_MARKET_ID, DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID,
                    DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET, DemoCredentials.COMMERCELAYER_WEBAPP_CLIENT_ID,
                    DemoCredentials.COMMERCELAYER_CUSTOMER_EMAIL, DemoCredentials.COMMERCELAYER_CUSTOMER_PASSWORD)) {
                assertTrue(out.contains(expected), expected);
            }
            assertEquals(77L, FaultsTestSupport.sellytics(e).json().get("expires_in"));
        } finally {
            e.close();
        }
    }

    @Test
    void helpAndBadOptions() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertNull(EmulatorMain.start(new String[] {"--help"}, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("--port"));
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> EmulatorMain.start(new String[] {"--nope"}, sink));
        assertThrows(IllegalArgumentException.class, () -> EmulatorMain.start(new String[] {"--port"}, sink));
        assertThrows(IllegalArgumentException.class, () -> EmulatorMain.start(new String[] {"--port", "x"}, sink));
        assertThrows(IllegalArgumentException.class, () -> EmulatorMain.start(new String[] {"--token-lifetime", "0"}, sink));
    }

    @Test
    void runsStandaloneInItsOwnProcess() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        // the module's classes and Gson, which the standalone jar shades in (StandaloneJarIT runs that jar)
        String classpath = new File("target/classes").getAbsolutePath() + File.pathSeparator
                + new File(JsonParseException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process process = new ProcessBuilder(java, "-cp", classpath,
                EmulatorMain.class.getName(), "--port", "0").redirectErrorStream(true).start();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("Press Ctrl+C")) {
                    break;
                }
            }
            Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(String.join("\n", lines));
            assertTrue(m.find(), String.join("\n", lines));
            String base = m.group(1);
            Http.Reply r = Http.postJson(base + "/commercelayer/oauth/token", Http.json("grant_type", "client_credentials",
                    "client_id", DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                    "scope", "market:id:" + DemoCredentials.COMMERCELAYER_MARKET_ID));
            assertEquals(200, r.status(), r.body());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the emulator stops on SIGTERM");
        }
    }
}
