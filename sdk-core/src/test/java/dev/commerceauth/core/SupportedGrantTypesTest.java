package dev.commerceauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A client says which grant types it supports; supports(Grant) and the cache's build() use that answer. */
class SupportedGrantTypesTest {

    static final List<Grant> ALL = Arrays.asList(GrantCapabilitiesTest.CC, GrantCapabilitiesTest.PASSWORD,
            GrantCapabilitiesTest.CODE, GrantCapabilitiesTest.REFRESH, GrantCapabilitiesTest.JWT);

    /** A third-party client: only the abstract methods, or a given set of grant types. */
    static final class ThirdPartyClient implements TokenClient {
        private final Set<String> types;

        ThirdPartyClient(Set<String> types) {
            this.types = types;
        }

        @Override
        public AccessToken requestToken(Grant grant) {
            throw new AssertionError("no request expected");
        }

        @Override
        public Set<String> supportedGrantTypes() {
            return types != null ? types : TokenClient.super.supportedGrantTypes();
        }

        @Override
        public void revoke(String token) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    }

    private static void assertSupportsExactly(TokenClient client, String... types) {
        assertEquals(List.of(types), List.copyOf(client.supportedGrantTypes()), client.getClass().getSimpleName());
        for (Grant g : ALL) {
            assertEquals(Arrays.asList(types).contains(g.grantType()), client.supports(g),
                    client.getClass().getSimpleName() + " / " + g.grantType());
        }
    }

    @Test
    void eachProviderClientNamesTheGrantTypesItAccepts() {
        assertSupportsExactly(SellyticsAuth.builder().tokenUrl("https://auth.example/realms/r/protocol/openid-connect/token")
                .build(), "client_credentials");
        assertSupportsExactly(ShopwareAuth.builder().shopUrl("https://shop.example").build(),
                "client_credentials", "password", "refresh_token");
        assertSupportsExactly(CommerceLayerAuth.builder().baseUrl("https://acme.commercelayer.io").build(),
                "client_credentials", "password", "authorization_code", "refresh_token",
                "urn:ietf:params:oauth:grant-type:jwt-bearer");
    }

    @Test
    void theSetsAreUnmodifiable() {
        TokenClient shopware = ShopwareAuth.builder().shopUrl("https://shop.example").build();
        assertThrows(UnsupportedOperationException.class, () -> shopware.supportedGrantTypes().add("implicit"));
        assertThrows(UnsupportedOperationException.class,
                () -> new ThirdPartyClient(null).supportedGrantTypes().add("implicit"));
    }

    @Test
    void aThirdPartyClientSupportsEveryGrantOfTheSdkByDefault() {
        assertSupportsExactly(new ThirdPartyClient(null), "client_credentials", "password", "authorization_code",
                "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        CachingTokenProvider.builder(new ThirdPartyClient(null), GrantCapabilitiesTest.JWT).build().close();
    }

    @Test
    void supportsFollowsTheDeclaredGrantTypes() {
        TokenClient passwordOnly = new ThirdPartyClient(Collections.singleton(PasswordGrant.GRANT_TYPE));
        assertTrue(passwordOnly.supports(GrantCapabilitiesTest.PASSWORD));
        assertFalse(passwordOnly.supports(GrantCapabilitiesTest.CC));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CachingTokenProvider.builder(passwordOnly, GrantCapabilitiesTest.CC).build());
        assertEquals("ThirdPartyClient does not support the client_credentials grant; it supports password",
                e.getMessage());
    }

    @Test
    void aClientWithoutGrantTypesIsNamedAsSupportingNone() {
        TokenClient none = new ThirdPartyClient(Collections.emptySet());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CachingTokenProvider.builder(none, GrantCapabilitiesTest.PASSWORD).build());
        assertEquals("ThirdPartyClient does not support the password grant; it supports no grant", e.getMessage());
    }

    @Test
    void buildNamesTheProviderClientsGrantTypes() {
        TokenClient shopware = ShopwareAuth.builder().shopUrl("https://shop.example").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CachingTokenProvider.builder(shopware, GrantCapabilitiesTest.JWT).build());
        assertEquals("ShopwareAuth does not support the urn:ietf:params:oauth:grant-type:jwt-bearer grant; it"
                + " supports client_credentials, password, refresh_token", e.getMessage());
    }
}
