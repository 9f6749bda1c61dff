package dev.commerceauth.generated;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openapitools.codegen.SpecValidationException;
import org.openapitools.codegen.config.CodegenConfigurator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the generator's own spec validation (the step the Maven plugin runs before generating):
 * the real specs pass it, and a broken spec is refused with the validator's message, so the build
 * fails rather than generating from it.
 */
class SpecValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"sellytics-token.yaml", "shopware-admin-token.yaml", "commercelayer-auth.yaml"})
    void theSpecsValidate(String specFile, @TempDir Path out) {
        assertDoesNotThrow(() -> configurator(GeneratedCodeMatchesSpecTest.specDirectory().resolve(specFile), out)
                .toClientOptInput());
    }

    @Test
    void aSpecWithAnUnresolvableReferenceIsRefusedWithTheValidatorsMessage(@TempDir Path dir) throws Exception {
        Path broken = brokenCopy(dir, "commercelayer-auth.yaml",
                "$ref: '#/components/schemas/CommerceLayerTokenResponse'",
                "$ref: '#/components/schemas/NoSuchSchema'");

        SpecValidationException e = assertThrows(SpecValidationException.class,
                () -> configurator(broken, dir.resolve("out")).toClientOptInput());

        assertTrue(e.getMessage().contains("NoSuchSchema"), e.getMessage());
    }

    @Test
    void aSpecWithAMisspelledKeywordIsRefusedWithTheValidatorsMessage(@TempDir Path dir) throws Exception {
        Path broken = brokenCopy(dir, "shopware-admin-token.yaml", "      responses:\n", "      responzes:\n");

        SpecValidationException e = assertThrows(SpecValidationException.class,
                () -> configurator(broken, dir.resolve("out")).toClientOptInput());

        assertTrue(e.getMessage().contains("responzes"), e.getMessage());
    }

    private static Path brokenCopy(Path dir, String specFile, String from, String to) throws Exception {
        String spec = new String(Files.readAllBytes(GeneratedCodeMatchesSpecTest.specDirectory().resolve(specFile)),
                StandardCharsets.UTF_8);
        String broken = spec.replace(from, to);
        assertNotEquals(spec, broken, "the test must actually break the spec");
        Path copy = dir.resolve(specFile);
        Files.write(copy, broken.getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    private static CodegenConfigurator configurator(Path spec, Path out) {
        return new CodegenConfigurator()
                .setGeneratorName("java")
                .setLibrary("retrofit2")
                .setInputSpec(spec.toString())
                .setOutputDir(out.toString())
                .setValidateSpec(true);
    }
}
