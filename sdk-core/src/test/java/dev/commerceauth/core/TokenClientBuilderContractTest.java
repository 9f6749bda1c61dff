package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: {@link TokenClientBuilder} is extended the ordinary way (a protected no-argument
 * constructor, no key, no allow-list of builder classes), and nothing in its public or protected
 * API names an internal type. {@code dev.commerceauth.fourth.FourthProviderTest} builds a working
 * client with a fourth provider's builder.
 */
class TokenClientBuilderContractTest {

    private static final String INTERNAL = "dev.commerceauth.core.internal";

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<Executable> visibleMembers() {
        List<Executable> members = new ArrayList<>();
        for (Constructor<?> c : TokenClientBuilder.class.getDeclaredConstructors()) {
            if (visible(c.getModifiers())) {
                members.add(c);
            }
        }
        for (Method m : TokenClientBuilder.class.getDeclaredMethods()) {
            if (visible(m.getModifiers())) {
                members.add(m);
            }
        }
        return members;
    }

    @Test
    void noPublicOrProtectedMemberNamesAnInternalType() {
        List<Executable> members = visibleMembers();
        assertTrue(members.size() > 6, members.toString());
        for (Executable e : members) {
            List<Type> types = new ArrayList<>(Arrays.asList(e.getGenericParameterTypes()));
            types.addAll(Arrays.asList(e.getGenericExceptionTypes()));
            if (e instanceof Method) {
                types.add(((Method) e).getGenericReturnType());
            }
            for (Type t : types) {
                assertFalse(t.getTypeName().contains(INTERNAL), e + " names " + t.getTypeName());
            }
        }
    }

    @Test
    void theOnlyConstructorIsAProtectedNoArgumentOne() {
        Constructor<?>[] constructors = TokenClientBuilder.class.getDeclaredConstructors();
        assertEquals(1, constructors.length, Arrays.toString(constructors));
        assertEquals(0, constructors[0].getParameterCount());
        assertTrue(Modifier.isProtected(constructors[0].getModifiers()), constructors[0].toString());
    }

    @Test
    void subclassesGetTheSettingsThroughProtectedFinalMethodsOfPublicTypes() throws Exception {
        List<String> protectedMethods = Arrays.stream(TokenClientBuilder.class.getDeclaredMethods())
                .filter(m -> Modifier.isProtected(m.getModifiers()))
                .peek(m -> assertTrue(Modifier.isFinal(m.getModifiers()), m + " is not final"))
                .map(m -> m.getName() + ":" + m.getReturnType().getName()).sorted().collect(Collectors.toList());
        assertEquals(Arrays.asList("hardenedClient:" + OkHttpClient.class.getName(),
                "hardenedClient:" + OkHttpClient.class.getName(), "insecureHttpAllowed:boolean",
                "tokenClock:" + Clock.class.getName()), protectedMethods);
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
        ShopwareAuth shop = ShopwareAuth.builder().shopUrl("http://shop.example.com")
                .callTimeout(Duration.ofSeconds(7)).allowInsecureHttp(true).build();
        assertNotNull(shop);
        Clock clock = Clock.fixed(java.time.Instant.parse("2026-11-23T10:00:00Z"), java.time.ZoneOffset.UTC);
        assertEquals(clock, ShopwareAuth.builder().shopUrl("https://shop.example.com").clock(clock).build().clock());
        assertNotNull(SellyticsAuth.builder().tokenUrl("https://kc.example.com/realms/r/protocol/openid-connect/token").build());
        assertNotNull(CommerceLayerAuth.builder().build());
    }
}
