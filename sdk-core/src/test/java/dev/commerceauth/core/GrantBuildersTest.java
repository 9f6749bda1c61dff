package dev.commerceauth.core;

import static dev.commerceauth.core.ScopeTest.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrantBuildersTest {

    private static final String JWT = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

    @Test
    void clientCredentials() {
        ClientCredentialsGrant g = ClientCredentialsGrant.builder()
                .clientId("id-1").clientSecret("sec-ret-1").scope(Scope.market("m1")).build();
        assertEquals("client_credentials", g.grantType());
        assertEquals("id-1", g.clientId());
        assertEquals(Optional.of(Secret.of("sec-ret-1")), g.clientSecret());
        assertEquals(Scope.market("m1"), g.scope());
        assertEquals("ClientCredentialsGrant{grantType=client_credentials, clientId=id-1, clientSecret=****, scope=market:id:m1}",
                g.toString());
        ClientCredentialsGrant publicClient = ClientCredentialsGrant.builder().clientId("sales").build();
        assertFalse(publicClient.clientSecret().isPresent());
        assertEquals(Scope.none(), publicClient.scope());
        assertEquals(g, ClientCredentialsGrant.builder().clientId("id-1").clientSecret(Secret.of("sec-ret-1"))
                .scope(Scope.market("m1")).build());
        assertEquals(g.hashCode(), ClientCredentialsGrant.builder().clientId("id-1").clientSecret(Secret.of("sec-ret-1"))
                .scope(Scope.market("m1")).build().hashCode());
        assertNotEquals(g, publicClient);
        assertFalse(ClientCredentialsGrant.builder().clientId("x").clientSecret("s").clientSecret((Secret) null).build()
                .clientSecret().isPresent());
    }

    @Test
    void clientCredentialsValidation() {
        assertEquals("clientId must not be null", msg(() -> ClientCredentialsGrant.builder().build()));
        assertEquals("scope must be printable ASCII without spaces; a scope read with Scope.parse contains other"
                + " characters. Build requested scopes with Scope.of, market or the other factories",
                msg(() -> ClientCredentialsGrant.builder().clientId("a").scope(Scope.parse("read wr\u0001ite")).build()));
        assertEquals("read write", ClientCredentialsGrant.builder().clientId("a").scope(Scope.parse("read write")).build()
                .scope().toWireValue());
        assertEquals("clientId must not be blank", msg(() -> ClientCredentialsGrant.builder().clientId(" ").build()));
        assertEquals("clientId must be printable ASCII without whitespace (bad character at position 1)",
                msg(() -> ClientCredentialsGrant.builder().clientId("a\nb").build()));
        assertEquals("clientSecret must not be empty",
                msg(() -> ClientCredentialsGrant.builder().clientId("a").clientSecret("").build()));
        assertEquals("clientSecret must not be null",
                msg(() -> ClientCredentialsGrant.builder().clientId("a").clientSecret((String) null).build()));
        assertEquals("clientSecret must not contain CR or LF characters (position 3)",
                msg(() -> ClientCredentialsGrant.builder().clientId("a").clientSecret("abc\r\nX-Evil: 1").build()));
    }

    @Test
    void password() {
        PasswordGrant g = PasswordGrant.builder().clientId("administration").username("admin")
                .password("pa55word!").scope(Scope.of("write")).build();
        assertEquals("password", g.grantType());
        assertEquals("admin", g.username());
        assertEquals("pa55word!", g.password().reveal());
        assertEquals("PasswordGrant{grantType=password, clientId=administration, clientSecret=none, scope=write, "
                + "username=admin, password=****}", g.toString());
        assertEquals(g, PasswordGrant.builder().clientId("administration").username("admin")
                .password(Secret.of("pa55word!")).scope(Scope.of("write")).build());
        assertNotEquals(g, PasswordGrant.builder().clientId("administration").username("admin")
                .password("other").scope(Scope.of("write")).build());
        assertEquals("username must not be null",
                msg(() -> PasswordGrant.builder().clientId("c").password("p").build()));
        assertEquals("username must not be blank",
                msg(() -> PasswordGrant.builder().clientId("c").username("").password("p").build()));
        assertEquals("username must not contain control characters (position 1)",
                msg(() -> PasswordGrant.builder().clientId("c").username("a\u0000").password("p").build()));
        assertEquals("password must not be null",
                msg(() -> PasswordGrant.builder().clientId("c").username("u").build()));
        assertEquals("password must not contain CR or LF characters (position 4)",
                msg(() -> PasswordGrant.builder().clientId("c").username("u").password("Pass\r\nX").build()));
        assertEquals("password must not contain control characters (position 1)",
                msg(() -> PasswordGrant.builder().clientId("c").username("u").password("P\u0085w").build()));
        assertEquals("clientId must not be null", msg(() -> PasswordGrant.builder().username("u").password("p").build()));
    }

    @Test
    void passwordMayHoldNonAsciiLettersButClientSecretMayNot() {
        PasswordGrant g = PasswordGrant.builder().clientId("administration").username("jürgen")
                .password("Passwört").build();
        assertEquals("Passwört", g.password().reveal());
        assertEquals(Secret.ofPassword("Passwört"), g.password());
        assertNotEquals(PasswordGrant.builder().clientId("administration").username("jürgen").password("Passwärt").build(), g);
        assertFalse(g.toString().contains("Passwört"));
        assertEquals("clientSecret must contain ASCII characters only (non-ASCII character at position 1)",
                msg(() -> PasswordGrant.builder().clientId("c").clientSecret("sécret").username("u").password("Passwört")
                        .build()));
        assertEquals("refreshToken must contain ASCII characters only (non-ASCII character at position 1)",
                msg(() -> RefreshTokenGrant.builder().clientId("c").refreshToken("rä").build()));
    }

    @Test
    void sharedBuilderSettersChainInAnyOrder() {
        Grant.Builder<?> b = PasswordGrant.builder().username("u").clientId("c").password("p").scope(Scope.of("write"))
                .clientSecret("s");
        Grant g = b.build();
        assertTrue(g instanceof PasswordGrant);
        assertEquals("c", g.clientId());
        assertEquals(Scope.of("write"), g.scope());
        assertNotEquals(g, ClientCredentialsGrant.builder().clientId("c").clientSecret("s").scope(Scope.of("write")).build());
        assertEquals("clientSecret must not be null", msg(() -> JwtBearerGrant.builder().clientId("c").clientSecret("s")
                .clientSecret((Secret) null).assertion(JWT).build()));
    }

    @Test
    void refreshToken() {
        RefreshTokenGrant g = RefreshTokenGrant.builder().clientId("c1").refreshToken("def50200abc").build();
        assertEquals("refresh_token", g.grantType());
        assertEquals("def50200abc", g.refreshToken().reveal());
        assertEquals("RefreshTokenGrant{grantType=refresh_token, clientId=c1, clientSecret=none, scope=none, refreshToken=****}",
                g.toString());
        assertEquals("refreshToken must not be null", msg(() -> RefreshTokenGrant.builder().clientId("c").build()));
        assertEquals("refreshToken must not contain control characters (position 0)",
                msg(() -> RefreshTokenGrant.builder().clientId("c").refreshToken("\u0001").build()));
        assertEquals(g, RefreshTokenGrant.builder().clientId("c1").refreshToken(Secret.of("def50200abc")).build());
    }

    @Test
    void refreshTokenForOriginalGrantCopiesClientAndScope() {
        PasswordGrant original = PasswordGrant.builder().clientId("cl-app").clientSecret("app-secret")
                .username("john@example.com").password("pw").scope(Scope.market("m1")).build();
        RefreshTokenGrant r = RefreshTokenGrant.forToken(original, "refresh-1");
        assertEquals("cl-app", r.clientId());
        assertEquals(Optional.of(Secret.of("app-secret")), r.clientSecret());
        assertEquals(Scope.market("m1"), r.scope());
        assertEquals("refresh-1", r.refreshToken().reveal());
        RefreshTokenGrant fromPublic = RefreshTokenGrant.forToken(
                ClientCredentialsGrant.builder().clientId("sales").build(), "r2");
        assertFalse(fromPublic.clientSecret().isPresent());
        assertEquals("original grant must not be null", msg(() -> RefreshTokenGrant.forToken(null, "x")));
        assertEquals("refreshToken must not be empty", msg(() -> RefreshTokenGrant.forToken(original, "")));
    }

    @Test
    void authorizationCode() {
        AuthorizationCodeGrant g = AuthorizationCodeGrant.builder().clientId("web").clientSecret("ws")
                .code("the-code").redirectUri("https://yourdomain.com/redirect").build();
        assertEquals("authorization_code", g.grantType());
        assertEquals("the-code", g.code().reveal());
        assertEquals("https://yourdomain.com/redirect", g.redirectUri());
        assertTrue(g.clientSecret().isPresent());
        assertEquals("AuthorizationCodeGrant{grantType=authorization_code, clientId=web, clientSecret=****, scope=none, "
                + "code=****, redirectUri=https://yourdomain.com/redirect}", g.toString());
        assertEquals(g, AuthorizationCodeGrant.builder().clientId("web").clientSecret(Secret.of("ws"))
                .code(Secret.of("the-code")).redirectUri("https://yourdomain.com/redirect").build());
        assertEquals("clientSecret must not be null", msg(() -> AuthorizationCodeGrant.builder().clientId("w")
                .code("c").redirectUri("https://x.io/r").build()));
        assertEquals("code must not be null", msg(() -> AuthorizationCodeGrant.builder().clientId("w")
                .clientSecret("s").redirectUri("https://x.io/r").build()));
        assertEquals("redirectUri must not be null", msg(() -> AuthorizationCodeGrant.builder().clientId("w")
                .clientSecret("s").code("c").build()));
        assertEquals("redirectUri must be an absolute URI with a host, like https://example.com/callback",
                msg(() -> AuthorizationCodeGrant.builder().clientId("w").clientSecret("s").code("c")
                        .redirectUri("/relative").build()));
        assertEquals("redirectUri must use http or https, not ftp", msg(() -> AuthorizationCodeGrant.builder()
                .clientId("w").clientSecret("s").code("c").redirectUri("ftp://x.io/r").build()));
        assertEquals("redirectUri is not a valid URI: Illegal character in path", msg(() -> AuthorizationCodeGrant.builder()
                .clientId("w").clientSecret("s").code("c").redirectUri("https://x.io/a b").build()));
    }

    @Test
    void jwtBearer() {
        JwtBearerGrant g = JwtBearerGrant.builder().clientId("c").clientSecret("s").assertion(JWT)
                .scope(Scope.allMarkets()).build();
        assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", g.grantType());
        assertEquals(JWT, g.assertion().reveal());
        assertEquals("JwtBearerGrant{grantType=urn:ietf:params:oauth:grant-type:jwt-bearer, clientId=c, "
                + "clientSecret=****, scope=market:all, assertion=****}", g.toString());
        assertEquals(g, JwtBearerGrant.builder().clientId("c").clientSecret(Secret.of("s"))
                .assertion(Secret.of(JWT)).scope(Scope.allMarkets()).build());
        assertEquals("assertion must not be null",
                msg(() -> JwtBearerGrant.builder().clientId("c").clientSecret("s").build()));
        assertEquals("clientSecret must not be null",
                msg(() -> JwtBearerGrant.builder().clientId("c").assertion(JWT).build()));
        assertEquals("assertion must be a compact JWS: three base64url parts separated by '.'",
                msg(() -> JwtBearerGrant.builder().clientId("c").clientSecret("s").assertion("not-a-jwt").build()));
        StringBuilder big = new StringBuilder("eyJhbGciOiJIUzUxMiJ9.");
        while (big.length() < 4100) {
            big.append('a');
        }
        big.append(".sig");
        assertEquals("assertion must be at most 4096 characters, was " + big.length(),
                msg(() -> JwtBearerGrant.builder().clientId("c").clientSecret("s").assertion(big.toString()).build()));
    }
}
