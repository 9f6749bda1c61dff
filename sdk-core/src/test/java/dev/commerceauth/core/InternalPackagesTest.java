package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: every internal package of sdk-core says in its package-info that it is not API (the
 * parent POM keeps {@code *.internal} and {@code *.internal.*} out of the published Javadoc).
 */
class InternalPackagesTest {

    private static final Path SOURCES = Paths.get("src", "main", "java");
    private static final Pattern NOT_API = Pattern.compile("(?i)not\\s+(part\\s+of\\s+the\\s+public\\s+API|an\\s+API|API)");

    @Test
    void everyInternalPackageSaysItIsNotApi() throws IOException {
        List<Path> internal;
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            internal = dirs.filter(Files::isDirectory)
                    .filter(d -> SOURCES.relativize(d).toString().replace('\\', '/').matches("(.+/)?internal(/.+)?"))
                    .collect(Collectors.toList());
        }
        assertFalse(internal.isEmpty(), "no internal package found under " + SOURCES.toAbsolutePath());
        for (Path dir : internal) {
            Path info = dir.resolve("package-info.java");
            assertTrue(Files.isRegularFile(info), "missing " + info);
            String text = new String(Files.readAllBytes(info), StandardCharsets.UTF_8);
            assertTrue(NOT_API.matcher(text).find(), info + " does not say the package is not API");
        }
    }
}
