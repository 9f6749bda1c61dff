package dev.commerceauth.reliability;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hand-written specs in {@code openapi/} as Atlassian validators, one per dialect, keyed by the
 * path prefix under which the emulator serves that dialect ({@code /sellytics}, {@code /shopware},
 * {@code /commercelayer}); the prefix is the validator's base path override, so the spec's own
 * paths ({@code /realms/{realm}/protocol/openid-connect/token}, {@code /api/oauth/token},
 * {@code /oauth/token}) are matched below it. Parsed once per JVM.
 */
final class Specs {

    /** Emulator path prefix → spec file name. */
    static final Map<String, String> FILES = Map.of(
            "/sellytics", "sellytics-token.yaml",
            "/shopware", "shopware-admin-token.yaml",
            "/commercelayer", "commercelayer-auth.yaml");

    /**
     * The one tolerated report: Keycloak's revocation answers 200 with an <em>empty</em> body or with
     * {@code {"error":"invalid_token"}}; the spec declares the JSON content, and OpenAPI 3.0 cannot say
     * "empty or this JSON", so the validator's "response body missing" is waived for that 200 only.
     */
    static final ValidationErrorsWhitelist WHITELIST = ValidationErrorsWhitelist.create().withRule(
            "Keycloak revoke: 200 with an empty body",
            WhitelistRules.allOf(WhitelistRules.messageHasKey("validation.response.body.missing"),
                    WhitelistRules.pathContainsSubstring("/protocol/openid-connect/revoke"),
                    WhitelistRules.responseStatusIs(200)));

    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    private Specs() {
    }

    /** The {@code openapi/} folder of the repository, found from the module's working directory. */
    static Path openapiDir() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("openapi");
            if (Files.isRegularFile(candidate.resolve("sellytics-token.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("openapi/ not found above " + dir);
    }

    /** The validator of the dialect served under {@code prefix}. */
    static OpenApiInteractionValidator validator(String prefix) {
        return VALIDATORS.computeIfAbsent(prefix, p -> {
            String file = FILES.get(p);
            if (file == null) {
                throw new IllegalArgumentException("no spec for prefix " + p);
            }
            return OpenApiInteractionValidator
                    .createForSpecificationUrl(openapiDir().resolve(file).toUri().toString())
                    .withBasePathOverride(p)
                    .withWhitelist(WHITELIST)
                    .build();
        });
    }

    /** The dialect prefix of a request path, or null when it belongs to no spec. */
    static String prefixOf(String path) {
        for (String prefix : FILES.keySet()) {
            if (path.startsWith(prefix + "/")) {
                return prefix;
            }
        }
        return null;
    }

    static String format(ValidationReport report) {
        return SimpleValidationReportFormat.getInstance().apply(report);
    }
}
