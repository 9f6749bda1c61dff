package dev.commerceauth.emulator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TokenServerEmulatorExtension.class)
class TokenServerEmulatorExtensionTest {

    static TokenServerEmulator fromBeforeAll;
    final TokenServerEmulator fromConstructor;

    TokenServerEmulatorExtensionTest(TokenServerEmulator emulator) {
        this.fromConstructor = emulator;
    }

    @BeforeAll
    static void init(TokenServerEmulator emulator) {
        fromBeforeAll = emulator;
    }

    @Test
    void injectsOneRunningEmulatorPerClass(TokenServerEmulator emulator) {
        assertTrue(emulator.isRunning());
        assertSame(fromBeforeAll, emulator);
        assertSame(fromConstructor, emulator);
        assertEquals(200, FaultsTestSupport.sellytics(emulator).status());
    }

    @Nested
    class NestedTests {
        @Test
        void nestedClassesShareTheEnclosingEmulator(TokenServerEmulator emulator) {
            assertSame(fromBeforeAll, emulator);
        }
    }

    /**
     * Runs the subject classes below with the JUnit launcher in a child JVM (an inner launcher in
     * this JVM would disturb the build's test reporting) and checks what they saw.
     */
    @Test
    void closesTheEmulatorAfterTheClassAndPerTestForInstanceFields() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(javaBin, "-cp", classPath, ExtensionRunner.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("static succeeded=2 same=true closed=true accessorAfterClass=refused"), out);
        assertTrue(out.contains("instance succeeded=2 distinct=true closed=true"), out);
    }

    /** Run only by {@link ExtensionRunner} (surefire skips nested classes). */
    static class StaticSubject {
        static final List<TokenServerEmulator> seen = new CopyOnWriteArrayList<>();

        @RegisterExtension
        static final TokenServerEmulatorExtension EXTENSION = new TokenServerEmulatorExtension(
                TokenServerEmulator.builder().tokenLifetime(Duration.ofSeconds(5)));

        @Test
        void configuredByTheBuilder() {
            TokenServerEmulator e = EXTENSION.emulator();
            seen.add(e);
            assertEquals(5L, FaultsTestSupport.shopware(e).json().get("expires_in"));
        }

        @Test
        void alsoInjected(TokenServerEmulator e) {
            assertSame(EXTENSION.emulator(), e);
            seen.add(e);
        }
    }

    /** Run only by {@link ExtensionRunner}. */
    static class InstanceSubject {
        static final List<TokenServerEmulator> seen = new CopyOnWriteArrayList<>();

        @RegisterExtension
        final TokenServerEmulatorExtension extension = new TokenServerEmulatorExtension();

        @Test
        void one() {
            assertTrue(extension.emulator().isRunning());
            seen.add(extension.emulator());
        }

        @Test
        void two(TokenServerEmulator e) {
            assertSame(extension.emulator(), e);
            seen.add(e);
        }
    }
}
