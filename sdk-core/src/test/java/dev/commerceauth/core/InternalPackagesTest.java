package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: every internal package of sdk-core says in its package-info that it is not API (the
 * parent POM keeps {@code *.internal} and {@code *.internal.*} out of the published Javadoc); no
 * hand-written main source file is longer than {@value #MAX_LINES} lines; no internal type is
 * public unless a public package of sdk-core needs it.
 */
class InternalPackagesTest {

    private static final Path SOURCES = Paths.get("src", "main", "java");
    private static final Pattern NOT_API = Pattern.compile("(?i)not\\s+(part\\s+of\\s+the\\s+public\\s+API|an\\s+API|API)");

    /** The longest hand-written main source file allowed (issue 12). */
    private static final int MAX_LINES = 400;

    /** A public top-level type declaration at the start of a line. */
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:(?:final|abstract|static)\\s+)*(?:class|interface|enum|@interface)\\s");

    /**
     * The internal types that may be public, each because a public package of sdk-core
     * ({@code dev.commerceauth.core}, {@code .okhttp}, {@code sellytics}, {@code shopware},
     * {@code commercelayer}) uses it. A new internal type is package-private; shrinking this list
     * is always fine.
     */
    private static final Set<String> PUBLIC_INTERNALS = new HashSet<>(Arrays.asList(
            "dev/commerceauth/core/internal/Ascii.java",
            "dev/commerceauth/core/internal/Endpoints.java",
            "dev/commerceauth/core/internal/ErrorDialect.java",
            "dev/commerceauth/core/internal/ErrorEntry.java",
            "dev/commerceauth/core/internal/JwksVerifier.java",
            "dev/commerceauth/core/internal/Jwt.java",
            "dev/commerceauth/core/internal/Masking.java",
            "dev/commerceauth/core/internal/Provider.java",
            // used only by TokenEndpoint, but the cache's leak test (core.cache) builds one directly
            "dev/commerceauth/core/internal/RevocationListeners.java",
            "dev/commerceauth/core/internal/TokenEndpoint.java",
            "dev/commerceauth/core/internal/TokenResponses.java",
            "dev/commerceauth/core/internal/Transport.java",
            // the facade keeps the current entry in a field of its own and reads it on the hot path
            "dev/commerceauth/core/internal/cache/CacheEntry.java",
            "dev/commerceauth/core/internal/cache/EntryCell.java",
            "dev/commerceauth/core/internal/cache/RefreshPolicy.java",
            "dev/commerceauth/core/internal/cache/SharedRefreshExecutor.java",
            "dev/commerceauth/core/internal/cache/TokenCache.java"));

    private static List<Path> javaSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void noHandWrittenMainSourceFileIsLongerThan400Lines() throws IOException {
        List<Path> sources = javaSources();
        assertTrue(sources.size() > 50, "expected sdk-core's sources under " + SOURCES.toAbsolutePath());
        List<String> tooLong = new ArrayList<>();
        for (Path source : sources) {
            int lines = Files.readAllLines(source, StandardCharsets.UTF_8).size();
            if (lines > MAX_LINES) {
                tooLong.add(SOURCES.relativize(source) + " (" + lines + " lines)");
            }
        }
        assertTrue(tooLong.isEmpty(), "hand-written main sources longer than " + MAX_LINES
                + " lines; split them along their concepts: " + tooLong);
    }

    @Test
    void noInternalTypeIsPublicUnlessAPublicPackageNeedsIt() throws IOException {
        List<String> unexpected = new ArrayList<>();
        int internal = 0;
        for (Path source : javaSources()) {
            String path = SOURCES.relativize(source).toString().replace('\\', '/');
            if (!path.contains("/internal/")) {
                continue;
            }
            internal++;
            String text = new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
            if (PUBLIC_TYPE.matcher(text).find() && !PUBLIC_INTERNALS.contains(path)) {
                unexpected.add(path);
            }
        }
        assertTrue(internal > 20, "expected the internal sources under " + SOURCES.toAbsolutePath());
        assertTrue(unexpected.isEmpty(), "public internal types that no public package needs; make them "
                + "package-private: " + unexpected);
    }

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
