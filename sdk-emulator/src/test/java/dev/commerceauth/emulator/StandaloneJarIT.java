package dev.commerceauth.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module's jar, as the shade plugin leaves it, runs the way the README says: {@code java -jar}
 * with nothing else on the class path. Gson is inside, relocated; the emulator reads a JSON body and
 * writes JSON answers with it. Run by surefire's {@code standalone-jar} execution in the
 * integration-test phase (after package), which names the jar in {@code standalone.jar}.
 */
class StandaloneJarIT {

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theJarRunsAloneWithGsonRelocatedInsideAndServesTokens() throws Exception {
        String path = System.getProperty("standalone.jar");
        assertNotNull(path, "standalone.jar is not set: run this test with `mvn verify`");
        File jar = new File(path);
        assertTrue(jar.isFile(), "no jar at " + jar);
        try (JarFile contents = new JarFile(jar)) {
            Attributes manifest = contents.getManifest().getMainAttributes();
            assertEquals(EmulatorMain.class.getName(), manifest.getValue("Main-Class"));
            assertEquals("dev.commerceauth.emulator", manifest.getValue("Automatic-Module-Name"));
            assertNotNull(contents.getEntry("dev/commerceauth/emulator/shaded/gson/stream/JsonReader.class"));
            assertTrue(contents.stream().noneMatch(e -> e.getName().startsWith("com/google/")),
                    "Gson is relocated, not copied under its own name");
        }

        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-jar", jar.getAbsolutePath(), "--port", "0")
                .redirectErrorStream(true).start();
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
            String banner = String.join("\n", lines);
            Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(banner);
            assertTrue(m.find(), banner);
            String base = m.group(1);

            Http.Reply sellytics = Http.postForm(base + "/sellytics/realms/sellytics/protocol/openid-connect/token",
                    Http.form("grant_type", "client_credentials", "client_id", DemoCredentials.SELLYTICS_CLIENT_ID,
                            "client_secret", DemoCredentials.SELLYTICS_CLIENT_SECRET));
            assertEquals(200, sellytics.status(), sellytics.body());
            assertEquals("Bearer", sellytics.json().get("token_type"));
            assertNotNull(sellytics.accessToken());

            Http.Reply commerceLayer = Http.postJson(base + "/commercelayer/oauth/token", Http.json(
                    "grant_type", "client_credentials",
                    "client_id", DemoCredentials.COMMERCELAYER_SALES_CHANNEL_CLIENT_ID,
                    "scope", "market:id:" + DemoCredentials.COMMERCELAYER_MARKET_ID));
            assertEquals(200, commerceLayer.status(), commerceLayer.body());
            assertEquals(200, Http.bearer(base + "/api/echo", commerceLayer.accessToken()).status());

            Http.Reply malformed = Http.postJson(base + "/commercelayer/oauth/token", "{\"grant_type\":");
            assertEquals(400, malformed.status(), malformed.body());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the emulator stops on SIGTERM");
        }
    }
}
