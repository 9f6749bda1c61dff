package dev.commerceauth.spring;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenClientBuilder;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.core.TokenProviderListener;
import dev.commerceauth.micrometer.TokenMetrics;
import dev.commerceauth.micrometer.TokenProviderListeners;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import dev.commerceauth.spring.CommerceAuthProperties.GrantType;
import dev.commerceauth.spring.CommerceAuthProperties.Provider;
import dev.commerceauth.spring.CommerceAuthProperties.Registration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds one registration's client, grant and {@link CachingTokenProvider} from its properties.
 * Every invalid or missing value fails with an {@link InvalidConfigurationPropertyValueException}
 * naming the property ({@code commerceauth.registration.<name>.<property>}); a secret's value is
 * shown as {@value #MASK}.
 */
final class TokenProviderFactory {

    static final String MASK = "******";

    private final CommerceAuthProperties properties;
    private final ObjectProvider<TokenProviderInstrumentation> instrumentation;
    private final Map<String, RegistrationState> states = new ConcurrentHashMap<>();

    TokenProviderFactory(CommerceAuthProperties properties, ObjectProvider<TokenProviderInstrumentation> instrumentation) {
        this.properties = properties;
        this.instrumentation = instrumentation;
    }

    /** The state the health contributor reports for {@code name}, once its provider is built. */
    RegistrationState state(String name) {
        return states.get(name);
    }

    /** Builds the provider of registration {@code name}; nothing is requested yet. */
    TokenProvider create(String name) {
        Registration r = properties.getRegistration().get(name);
        if (r == null) {
            throw new IllegalArgumentException("no registration " + name);
        }
        Property p = new Property(CommerceAuthProperties.PREFIX + ".registration." + name + ".");
        if (r.getProvider() == null) {
            throw p.invalid("provider", null, "a provider is required: sellytics, shopware or commercelayer");
        }
        TokenClient client = client(r, p);
        Grant grant = grant(r, p);
        RegistrationState state = new RegistrationState(TokenMetrics.providerName(client), grant.grantType(), client.clock());
        states.put(name, state);

        List<TokenProviderListener> listeners = new ArrayList<>();
        listeners.add(state);
        TokenProviderInstrumentation.Instrumented instrumented = instrumentation.stream()
                .map(i -> i.instrument(name, client)).filter(i -> i != null).findFirst().orElse(null);
        TokenClient source = client;
        if (instrumented != null) {
            source = instrumented.client();
            listeners.add(instrumented.listener());
        }
        listeners.add(TokenProviderListener.logging());

        CachingTokenProvider.Builder builder = CachingTokenProvider.builder(source, grant)
                .listener(TokenProviderListeners.of(listeners));
        set(p, "soft-margin", r.getSoftMargin(), builder::softMargin);
        set(p, "soft-margin-fraction", r.getSoftMarginFraction(), builder::softMarginFraction);
        set(p, "hard-margin", r.getHardMargin(), builder::hardMargin);
        set(p, "hard-margin-fraction", r.getHardMarginFraction(), builder::hardMarginFraction);
        set(p, "wait-timeout", r.getWaitTimeout(), builder::waitTimeout);
        return p.check("grant-type", r.getGrantType(), builder::build);
    }

    private static TokenClient client(Registration r, Property p) {
        switch (r.getProvider()) {
            case SELLYTICS: {
                SellyticsAuth.Builder b = SellyticsAuth.builder();
                p.check("token-url", p.required("token-url", r.getTokenUrl()), () -> b.tokenUrl(r.getTokenUrl()));
                return common(b, r, p, "token-url");
            }
            case SHOPWARE: {
                ShopwareAuth.Builder b = ShopwareAuth.builder();
                p.check("shop-url", p.required("shop-url", r.getShopUrl()), () -> b.shopUrl(r.getShopUrl()));
                return common(b, r, p, "shop-url");
            }
            case COMMERCELAYER: {
                CommerceLayerAuth.Builder b = CommerceLayerAuth.builder();
                if (r.getDomain() != null) {
                    p.check("domain", r.getDomain(), () -> b.domain(r.getDomain()));
                }
                if (r.getBaseUrl() != null) {
                    b.baseUrl(r.getBaseUrl());
                }
                return common(b, r, p, r.getBaseUrl() != null ? "base-url" : "domain");
            }
            default:
                throw new IllegalStateException(r.getProvider().name());
        }
    }

    private static <C extends TokenClient, B extends TokenClientBuilder<B, C>> C common(
            B builder, Registration r, Property p, String endpointProperty) {
        set(p, "call-timeout", r.getCallTimeout(), builder::callTimeout);
        builder.allowInsecureHttp(r.isAllowInsecureHttp());
        String endpoint = switch (endpointProperty) {
            case "token-url" -> r.getTokenUrl();
            case "shop-url" -> r.getShopUrl();
            case "base-url" -> r.getBaseUrl();
            default -> r.getDomain();
        };
        return p.check(endpointProperty, endpoint, builder::build);
    }

    private static Grant grant(Registration r, Property p) {
        Scope scope = p.check("scopes", r.getScopes(), () -> Scope.parse(String.join(" ", r.getScopes())));
        boolean shopware = r.getProvider() == Provider.SHOPWARE;
        if (r.getGrantType() == GrantType.PASSWORD) {
            PasswordGrant.Builder b = PasswordGrant.builder();
            String clientId = r.getClientId() != null || !shopware ? r.getClientId() : "administration";
            p.check("client-id", p.required("client-id", clientId), () -> b.clientId(clientId));
            p.check("username", p.required("username", r.getUsername()), () -> b.username(r.getUsername()));
            p.check("password", p.requiredSecret("password", r.getPassword()), () -> b.password(r.getPassword()));
            if (r.getClientSecret() != null) {
                p.check("client-secret", MASK, () -> b.clientSecret(r.getClientSecret()));
            }
            Scope granted = scope.isEmpty() && shopware ? ShopwareAuth.DEFAULT_PASSWORD_SCOPE : scope;
            b.scope(granted);
            return p.checkGrant(r, b::build);
        }
        ClientCredentialsGrant.Builder b = ClientCredentialsGrant.builder();
        p.check("client-id", p.required("client-id", r.getClientId()), () -> b.clientId(r.getClientId()));
        if (r.getProvider() != Provider.COMMERCELAYER) {
            p.requiredSecret("client-secret", r.getClientSecret());
        }
        if (r.getClientSecret() != null) {
            p.check("client-secret", MASK, () -> b.clientSecret(r.getClientSecret()));
        }
        b.scope(scope);
        return p.checkGrant(r, b::build);
    }

    private static <T> void set(Property p, String name, T value, Consumer<T> setter) {
        if (value != null) {
            p.check(name, value instanceof Duration ? value.toString() : value, () -> {
                setter.accept(value);
                return value;
            });
        }
    }

    /** Names the properties of one registration in its exceptions. */
    private record Property(String prefix) {

        InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
            return new InvalidConfigurationPropertyValueException(prefix + name, value, reason);
        }

        <T> T required(String name, T value) {
            if (value == null || value.toString().isBlank()) {
                throw invalid(name, value, "it is required for this provider and grant type");
            }
            return value;
        }

        String requiredSecret(String name, String value) {
            if (value == null || value.isBlank()) {
                throw invalid(name, value == null ? null : MASK, "it is required for this provider and grant type");
            }
            return MASK;
        }

        /**
         * Builds a grant; the grant builders check their fields in {@code build()}, and their messages start with
         * the field's name ({@code clientSecret must …}), which names the property.
         */
        Grant checkGrant(Registration r, Supplier<Grant> build) {
            try {
                return build.get();
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                String field = message.contains(" ") ? message.substring(0, message.indexOf(' ')) : message;
                switch (field) {
                    case "clientId": throw invalid("client-id", r.getClientId(), message);
                    case "clientSecret": throw invalid("client-secret", MASK, message);
                    case "username": throw invalid("username", r.getUsername(), message);
                    case "password": throw invalid("password", MASK, message);
                    case "scope": throw invalid("scopes", r.getScopes(), message);
                    default: throw invalid("grant-type", r.getGrantType(), message);
                }
            }
        }

        /** Runs {@code action}, turning the SDK's IllegalArgumentException (never with a secret) into the property's. */
        <T> T check(String name, Object shownValue, Supplier<T> action) {
            try {
                return action.get();
            } catch (IllegalArgumentException e) {
                throw invalid(name, shownValue, e.getMessage());
            }
        }
    }
}
