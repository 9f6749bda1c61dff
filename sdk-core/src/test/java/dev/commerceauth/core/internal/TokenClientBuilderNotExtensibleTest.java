package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenClientBuilder;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Review finding D: {@link TokenClientBuilder} cannot be extended outside the SDK and its
 * public/protected API does not bind callers to the internal {@code Transport}.
 */
class TokenClientBuilderNotExtensibleTest {

    private static final String INTERNAL = "dev.commerceauth.core.internal";

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    @Test
    void noMethodExposesAnInternalType() {
        for (Method m : TokenClientBuilder.class.getDeclaredMethods()) {
            if (!visible(m.getModifiers())) {
                continue;
            }
            assertFalse(m.getReturnType().getName().startsWith(INTERNAL), m.toString());
            for (Class<?> p : m.getParameterTypes()) {
                assertFalse(p.getName().startsWith(INTERNAL), m.toString());
            }
        }
    }

    @Test
    void everyConstructorNeedsTheSdksKey() throws Exception {
        Constructor<?>[] constructors = TokenClientBuilder.class.getDeclaredConstructors();
        assertTrue(constructors.length > 0);
        for (Constructor<?> c : constructors) {
            assertTrue(c.getParameterCount() > 0, "no-argument constructor: " + c);
            Class<?> key = c.getParameterTypes()[0];
            assertTrue(key.getName().startsWith(INTERNAL), c.toString());
            for (Constructor<?> k : key.getDeclaredConstructors()) {
                if (k.isSynthetic()) {
                    continue; // javac's accessor for the enclosing class
                }
                assertTrue(Modifier.isPrivate(k.getModifiers()), "key constructible: " + k);
            }
            assertTrue(Modifier.isFinal(key.getModifiers()), key.getName());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Rogue(null));
        assertEquals("TokenClientBuilder is not for extension", e.getMessage());
        // the key is public (the provider builders live in other packages): it is not enough either
        e = assertThrows(IllegalArgumentException.class, () -> new Rogue(Builders.key()));
        assertEquals("TokenClientBuilder is not for extension", e.getMessage());
    }

    /** What an application's subclass would look like: with or without the SDK's key it cannot be created. */
    static final class Rogue extends TokenClientBuilder<Rogue, TokenClient> {
        Rogue(Builders.Key key) {
            super(key);
        }

        @Override
        public TokenClient build() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void publicSettersStayAsTheyAre() throws Exception {
        List<String> setters = Arrays.stream(TokenClientBuilder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isFinal(m.getModifiers()))
                .map(Method::getName).sorted().collect(Collectors.toList());
        assertEquals(Arrays.asList("allowInsecureHttp", "callTimeout", "clock", "connectTimeout", "okHttpClient",
                "readTimeout"), setters);
    }

    @Test
    void providerBuildersStillCarryTheSharedSettings() {
        ShopwareAuth.Builder shop = ShopwareAuth.builder().shopUrl("https://shop.example.com")
                .callTimeout(Duration.ofSeconds(7)).allowInsecureHttp(true);
        Transport t = Builders.transport(shop);
        assertTrue(t.allowInsecureHttp());
        assertEquals(7000, t.buildClient().callTimeoutMillis());
        assertNotNull(shop.build());
        assertNotNull(SellyticsAuth.builder().tokenUrl("https://kc.example.com/realms/r/protocol/openid-connect/token").build());
        assertNotNull(CommerceLayerAuth.builder().build());
        assertThrows(IllegalArgumentException.class, () -> Builders.transport(null));
        assertThrows(IllegalStateException.class, () -> Builders.install(b -> null));
    }
}
