package dev.commerceauth.spring;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the starter's secrets ({@code client-secret}, {@code password} of every
 * {@code commerceauth.registration.*}) in the Actuator {@code env} and {@code configprops}
 * endpoints, even with {@code management.endpoint.*.show-values=always}.
 */
final class CommerceAuthSanitizingFunction implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        return isSecret(data.getKey()) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
    }

    /**
     * Whether {@code key} is one of the starter's secrets: {@code commerceauth.registration.<name>.client-secret}
     * or {@code .password} in any relaxed form (env: {@code COMMERCEAUTH_REGISTRATION_<NAME>_CLIENT_SECRET});
     * both endpoints pass the fully qualified key. Other properties are left to Spring Boot's own rules.
     */
    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ".");
        boolean ours = k.startsWith(CommerceAuthProperties.PREFIX + ".");
        return ours && (k.endsWith("clientsecret") || k.endsWith("client.secret") || k.endsWith("password"));
    }
}
