package dev.commerceauth.commercelayer;

import static dev.commerceauth.testing.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.util.DateUtils;
import dev.commerceauth.core.TokenVerificationException;
import dev.commerceauth.core.internal.JwksVerifier;
import dev.commerceauth.testing.RsaJwts;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 15: the hand-written verifier ({@link CommerceLayerAuth#verify(String)}, JWKS over
 * real HTTP) and nimbus-jose-jwt's {@link DefaultJWTProcessor} (test scope only), configured with
 * the same policy, give the same accept/reject verdict on every one of a few hundred tokens: valid
 * ones and mutations of algorithms, key ids, keys, issuers, times around the leeway, headers,
 * encodings and sizes.
 *
 * <p>The shared policy: algorithm RS512 only; keys from one JWK set (the same JSON the SDK fetches);
 * issuer {@link #issuer}; {@code exp} and {@code iss} required; {@code exp} without leeway,
 * {@code nbf} and {@code iat} with {@link #LEEWAY} seconds; one clock.
 *
 * <p>Where Nimbus has no setting for a rule of the SDK that is right for an access-token verifier,
 * the reference is configured to match (through Nimbus's own extension points, or a gate in front
 * of it that uses Nimbus's own codecs), never by dropping the cases:
 * <ul>
 *   <li>{@code typ} is advisory (RFC 7519 section 5.1) and ignored by the SDK; Nimbus's default
 *       type verifier accepts only {@code JWT} or none, so the reference gets one that accepts any.
 *   <li>{@code kid} is required by the SDK (a JWKS verifier must not try every key); Nimbus
 *       matches any key when there is none, so the reference's key selector returns no key then.
 *   <li>RSA keys under 2048 bits are not trusted by the SDK; the reference's key selector drops them.
 *   <li>{@code exp} gets no leeway in the SDK (a token is never accepted after its expiry on the
 *       local clock), {@code nbf} and {@code iat} get {@link #LEEWAY}; Nimbus has one skew for both
 *       and no {@code iat} check, so the reference runs one {@link DefaultJWTClaimsVerifier} with
 *       skew 0 (exp, iss, required claims), one with skew {@link #LEEWAY} (nbf), and states the iat
 *       rule with Nimbus's {@link DateUtils#isBefore}.
 *   <li>The issuer is compared ignoring one trailing {@code /} (the SDK's rule since before issue 13).
 *   <li>Nimbus decodes base64url leniently (it skips characters outside the alphabet, accepts
 *       {@code =} padding, {@code +} and {@code /}, and ignores unused bits), so one signed token has
 *       many spellings; the SDK accepts only the canonical one (RFC 7515 section 2). The gate requires
 *       each part to survive Nimbus's own decode/encode round trip unchanged.
 *   <li>Nimbus accepts {@code "crit":[]} and {@code "crit":null} (no extension named; RFC 7515
 *       section 4.1.11 forbids producers to send an empty list) and {@code "crit":["b64"]} with
 *       {@code "b64":true} (it implements RFC 7797); the SDK understands no extension and rejects
 *       any {@code crit}. The gate rejects a header (parsed with Nimbus's JSON parser) that has the
 *       member; every other {@code crit} Nimbus rejects by itself.
 *   <li>Nimbus decodes UTF-8 with replacement characters; the SDK rejects malformed UTF-8 (RFC 7515
 *       requires UTF-8). The gate decodes each JSON part with a reporting decoder.
 *   <li>Nimbus has no limit on the whole token; the SDK refuses more than 16384 characters before
 *       decoding. The gate applies the same limit.
 *   <li>A JSON {@code null} for {@code exp}, {@code nbf}, {@code iat} or {@code iss} is malformed for
 *       the SDK (a NumericDate or string is required when the member is present); Nimbus reads it
 *       as absent, and {@code "exp":null} even satisfies its required-claims check, so such a token
 *       never expires there. The gate rejects such claims, read with Nimbus's JSON parser.
 * </ul>
 * The gates decide a small minority of the tokens (printed, and bounded below); everything else,
 * including every signature, algorithm, key, issuer and time verdict, is Nimbus's own. Not generated, each covered by {@link CommerceLayerVerifyStrictnessTest} instead: a JWKS with
 * duplicate key ids, oversized or lenient JWKS documents (verdicts on the key set, not on a
 * token: the SDK rejects the whole set with an InvalidResponseException, Nimbus has no such
 * policy); NumericDates beyond year 292 million (Nimbus's millisecond {@link Date} overflows);
 * registered claims the SDK does not read ({@code sub}, {@code aud}, {@code jti}), whose types
 * Nimbus checks.
 */
class JwtDifferentialTest {

    private static final long LEEWAY = 60;
    /** Mid-second: Nimbus compares milliseconds, the SDK whole seconds; see {@link #nimbusClock}. */
    private static final Instant CLOCK = NOW.plusMillis(500);
    private static final long T = NOW.getEpochSecond();

    private static KeyPair k1;
    private static KeyPair k2;
    private static KeyPair k3072;
    private static KeyPair small;
    private static KeyPair rs256Only;
    private static KeyPair encOnly;
    private static KeyPair attacker;
    private static KeyPair ec;
    private static MockWebServer server;
    private static String issuer;
    private static String jwks;
    private static CommerceLayerAuth sdk;
    private static DefaultJWTProcessor<SecurityContext> nimbus;

    @BeforeAll
    static void setUp() throws Exception {
        k1 = RsaJwts.keyPair();
        k2 = RsaJwts.keyPair();
        k3072 = rsa(3072);
        small = rsa(1024);
        rs256Only = RsaJwts.keyPair();
        encOnly = RsaJwts.keyPair();
        attacker = RsaJwts.keyPair();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ec = g.generateKeyPair();
        jwks = "{\"keys\":[" + jwk(k1, "key-1", "RS512", "sig") + "," + jwk(k2, "key-2", null, null) + ","
                + jwk(k3072, "key-3072", "RS512", null) + "," + jwk(small, "key-small", "RS512", "sig") + ","
                + jwk(rs256Only, "key-rs256", "RS256", "sig") + "," + jwk(encOnly, "key-enc", null, "enc") + "]}";

        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return "/.well-known/jwks.json".equals(request.getPath())
                        ? new MockResponse().setHeader("Content-Type", "application/json").setBody(jwks)
                        : new MockResponse().setResponseCode(404);
            }
        });
        server.start();
        issuer = server.url("/").toString().replaceAll("/$", "");
        sdk = CommerceLayerAuth.builder().baseUrl(issuer).clock(Clock.fixed(CLOCK, ZoneOffset.UTC))
                .verificationLeeway(Duration.ofSeconds(LEEWAY)).build();
        nimbus = nimbusProcessor();
    }

    @AfterAll
    static void tearDown() throws Exception {
        server.shutdown();
    }

    // ---------------------------------------------------------------- the reference

    private static Date nimbusClock() {
        // the SDK reads the clock in whole seconds (JWT NumericDates are seconds), Nimbus in
        // milliseconds with strict comparisons; mid-second both read nbf == now + leeway alike (at a
        // whole second Nimbus rejects it, the SDK, following RFC 7519 "on or after", accepts it;
        // that boundary is pinned by CommerceLayerVerifyStrictnessTest)
        return Date.from(CLOCK);
    }

    private static DefaultJWTProcessor<SecurityContext> nimbusProcessor() throws Exception {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier((type, context) -> { });
        JWSVerificationKeySelector<SecurityContext> rs512 = new JWSVerificationKeySelector<>(JWSAlgorithm.RS512,
                new ImmutableJWKSet<>(JWKSet.parse(jwks)));
        p.setJWSKeySelector((header, context) -> {
            if (header.getKeyID() == null) {
                return new ArrayList<Key>();
            }
            return rs512.selectJWSKeys(header, context).stream()
                    .filter(k -> ((RSAPublicKey) k).getModulus().bitLength() >= 2048).collect(Collectors.toList());
        });
        DefaultJWTClaimsVerifier<SecurityContext> strict = new DefaultJWTClaimsVerifier<SecurityContext>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(Arrays.asList("exp", "iss"))) {
            @Override
            protected Date currentTime() {
                return nimbusClock();
            }
        };
        strict.setMaxClockSkew(0);
        DefaultJWTClaimsVerifier<SecurityContext> lenient = new DefaultJWTClaimsVerifier<SecurityContext>() {
            @Override
            protected Date currentTime() {
                return nimbusClock();
            }
        };
        lenient.setMaxClockSkew((int) LEEWAY);
        p.setJWTClaimsSetVerifier((claims, context) -> {
            String iss = claims.getIssuer();
            String normalized = iss != null && iss.endsWith("/") ? iss.substring(0, iss.length() - 1) : iss;
            strict.verify(new JWTClaimsSet.Builder(claims).issuer(normalized).notBeforeTime(null).build(), context);
            lenient.verify(new JWTClaimsSet.Builder().notBeforeTime(claims.getNotBeforeTime()).build(), context);
            Date iat = claims.getIssueTime();
            if (iat != null && !DateUtils.isBefore(iat, nimbusClock(), LEEWAY)) {
                throw new BadJWTException("iat in the future beyond the leeway");
            }
        });
        return p;
    }

    /** Null if the reference accepts the token, else why not. */
    private static String nimbusVerdict(String token) {
        if (token.length() > JwksVerifier.MAX_TOKEN_CHARS) {
            return "gate: longer than " + JwksVerifier.MAX_TOKEN_CHARS;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length == 3) {
            for (int i = 0; i < 3; i++) {
                byte[] decoded = new Base64URL(parts[i]).decode();
                if (!Base64URL.encode(decoded).toString().equals(parts[i])) {
                    return "gate: part " + i + " is not canonical base64url";
                }
                if (i < 2 && !utf8(decoded)) {
                    return "gate: part " + i + " is not UTF-8";
                }
            }
            try {
                Map<String, Object> header = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString());
                if (header != null && header.containsKey("crit")) {
                    return "gate: crit";
                }
                Map<String, Object> claims = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
                for (String name : Arrays.asList("exp", "nbf", "iat", "iss")) {
                    if (claims != null && claims.containsKey(name) && claims.get(name) == null) {
                        return "gate: " + name + " is null";
                    }
                }
            } catch (java.text.ParseException e) {
                // not JSON: left to Nimbus to reject
            }
        }
        try {
            nimbus.process(token, null);
            return null;
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Null if the SDK accepts the token, else its message. */
    private static String sdkVerdict(String token) {
        try {
            sdk.verify(token);
            return null;
        } catch (TokenVerificationException e) {
            return e.getMessage();
        }
    }

    // ---------------------------------------------------------------- the test

    @Test
    void theSdkAndNimbusGiveTheSameVerdictOnEveryToken() throws Exception {
        Map<String, String> cases = cases();
        assertTrue(cases.size() >= 200, "only " + cases.size() + " tokens");
        assertNull(sdkVerdict(cases.get("valid")), "the harness: the valid token must verify");
        assertNull(nimbusVerdict(cases.get("valid")), "the harness: Nimbus must accept the valid token");

        int accepted = 0;
        int rejected = 0;
        int gated = 0;
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String mine = sdkVerdict(c.getValue());
            String reference = nimbusVerdict(c.getValue());
            gated += reference != null && reference.startsWith("gate:") ? 1 : 0;
            if ((mine == null) != (reference == null)) {
                disagreements.add(c.getKey() + ": SDK " + (mine == null ? "accepts" : "rejects (" + mine + ")")
                        + ", Nimbus " + (reference == null ? "accepts" : "rejects (" + reference + ")"));
            } else if (mine == null) {
                accepted++;
            } else {
                rejected++;
            }
        }
        System.out.println("JwtDifferentialTest: " + cases.size() + " tokens, " + accepted + " accepted and " + rejected
                + " rejected by both (" + gated + " of them decided for Nimbus by a policy gate), "
                + disagreements.size() + " disagreements");
        assertEquals("", String.join("\n", disagreements));
        assertTrue(accepted >= 50, "only " + accepted + " accepted: the test would pass vacuously");
        assertTrue(rejected >= 100, "only " + rejected + " rejected");
        assertTrue(gated <= cases.size() / 10, gated + " verdicts came from the gates, not from Nimbus");
    }

    // ---------------------------------------------------------------- the tokens

    private static String header(String kid) {
        return "{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
    }

    /** Valid Commerce Layer claims with {@code iss}, {@code exp}, {@code iat} given as raw JSON (null = absent). */
    private static String claims(String iss, String exp, String nbf, String iat) {
        StringBuilder b = new StringBuilder("{\"organization\":{\"id\":\"o1\",\"slug\":\"the-blue-brand\"},"
                + "\"application\":{\"id\":\"a1\",\"kind\":\"sales_channel\"},\"market\":{\"id\":[\"m1\"]},"
                + "\"scope\":\"market:all\",\"test\":true");
        member(b, "iss", iss);
        member(b, "exp", exp);
        member(b, "nbf", nbf);
        member(b, "iat", iat);
        return b.append('}').toString();
    }

    private static void member(StringBuilder b, String name, String raw) {
        if (raw != null) {
            b.append(",\"").append(name).append("\":").append(raw);
        }
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private static String at(long offset) {
        return Long.toString(T + offset);
    }

    private static String validClaims() {
        return claims(q(issuer), at(7200), at(0), at(0));
    }

    private static String b64(String s) {
        return RsaJwts.base64Url(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String header, String claims, KeyPair keys) throws Exception {
        return RsaJwts.sign(header, claims, keys);
    }

    /** Signs {@code header.claims} with any JCA algorithm (null: an empty signature). */
    private static String signWith(String header, String claims, String jca, PrivateKey key) throws Exception {
        String input = b64(header) + "." + b64(claims);
        if (jca == null) {
            return input + ".";
        }
        Signature s = Signature.getInstance(jca);
        if (jca.equals("RSASSA-PSS")) {
            s.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
        }
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + RsaJwts.base64Url(s.sign());
    }

    private static String hmac(String header, String claims, String jca, byte[] secret) throws Exception {
        String input = b64(header) + "." + b64(claims);
        Mac mac = Mac.getInstance(jca);
        mac.init(new SecretKeySpec(secret, jca));
        return input + "." + RsaJwts.base64Url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Map<String, String> cases() throws Exception {
        Map<String, String> c = new LinkedHashMap<>();
        String h = header("key-1");
        String valid = sign(h, validClaims(), k1);
        c.put("valid", valid);

        // times: every combination of exp, nbf and iat around now and the leeway
        String[] exps = {null, at(-3600), at(-1), at(0), at(1), at(7200)};
        String[] nbfs = {null, at(-3600), at(0), at(59), at(60), at(61), at(3600)};
        String[] iats = {null, at(-3600), at(0), at(60), at(61), at(86400)};
        for (String exp : exps) {
            for (String nbf : nbfs) {
                for (String iat : iats) {
                    c.put("times exp=" + exp + " nbf=" + nbf + " iat=" + iat, sign(h, claims(q(issuer), exp, nbf, iat), k1));
                }
            }
        }
        // NumericDate shapes: fractions, exponents, strings, null, other types
        String[][] shapes = {
            {"exp", at(7200) + ".5"}, {"exp", new BigDecimal(T + 7200).movePointLeft(9) + "E9"}, {"exp", at(0) + ".9"},
            {"exp", q(at(7200))}, {"exp", "null"}, {"exp", "true"}, {"exp", "[" + at(7200) + "]"}, {"exp", "-1"},
            {"exp", "{}"}, {"nbf", at(60) + ".9"}, {"nbf", at(61) + ".0"}, {"nbf", q(at(0))}, {"nbf", "null"},
            {"nbf", "false"}, {"iat", at(60) + ".999"}, {"iat", at(61) + ".001"}, {"iat", q(at(0))}, {"iat", "null"},
            {"iat", "-1e3"}, {"nbf", "0"}, {"iat", "0"}, {"nbf", "6E-1"},
        };
        for (String[] s : shapes) {
            String claims = claims(q(issuer), s[0].equals("exp") ? s[1] : at(7200), s[0].equals("nbf") ? s[1] : at(0),
                    s[0].equals("iat") ? s[1] : at(0));
            c.put("numericdate " + s[0] + "=" + s[1], sign(h, claims, k1));
        }

        // algorithms
        String cl = validClaims();
        String pub = RsaJwts.base64Url(k1.getPublic().getEncoded());
        c.put("alg RS256", signWith(alg("RS256"), cl, "SHA256withRSA", k1.getPrivate()));
        c.put("alg RS384", signWith(alg("RS384"), cl, "SHA384withRSA", k1.getPrivate()));
        c.put("alg RS256 header, RS512 signature", signWith(alg("RS256"), cl, "SHA512withRSA", k1.getPrivate()));
        c.put("alg PS512", signWith(alg("PS512"), cl, "RSASSA-PSS", k1.getPrivate()));
        c.put("alg ES256 with an EC key", signWith(alg("ES256"), cl, "SHA256withECDSAinP1363Format", ec.getPrivate()));
        c.put("alg HS256 keyed with the public key (DER)", hmac(alg("HS256"), cl, "HmacSHA256", k1.getPublic().getEncoded()));
        c.put("alg HS256 keyed with the public key (JWK n)", hmac(alg("HS256"), cl, "HmacSHA256",
                pub.getBytes(StandardCharsets.US_ASCII)));
        c.put("alg HS512 keyed with the JWKS text", hmac(alg("HS512"), cl, "HmacSHA512", jwks.getBytes(StandardCharsets.UTF_8)));
        c.put("alg none, empty signature", signWith(alg("none"), cl, null, null));
        c.put("alg none, RS512 signature", b64(alg("none")) + "." + b64(cl) + "." + valid.split("\\.")[2]);
        c.put("alg NONE", signWith(alg("NONE"), cl, null, null));
        c.put("alg rs512", signWith(alg("rs512"), cl, "SHA512withRSA", k1.getPrivate()));
        c.put("alg 'RS512 '", signWith(alg("RS512 "), cl, "SHA512withRSA", k1.getPrivate()));
        c.put("alg escaped \\u0052S512", sign("{\"alg\":\"\\u0052S512\",\"kid\":\"key-1\"}", cl, k1));
        c.put("alg missing", sign("{\"kid\":\"key-1\"}", cl, k1));
        c.put("alg null", sign("{\"alg\":null,\"kid\":\"key-1\"}", cl, k1));
        c.put("alg number", sign("{\"alg\":512,\"kid\":\"key-1\"}", cl, k1));
        c.put("alg array", sign("{\"alg\":[\"RS512\"],\"kid\":\"key-1\"}", cl, k1));
        c.put("alg RSA-OAEP (a JWE algorithm)", sign("{\"alg\":\"RSA-OAEP\",\"kid\":\"key-1\"}", cl, k1));

        // key ids and keys
        c.put("kid key-2, key 2", sign(header("key-2"), cl, k2));
        c.put("kid key-3072, key 3072", sign(header("key-3072"), cl, k3072));
        c.put("kid key-2, key 1", sign(header("key-2"), cl, k1));
        c.put("kid key-1, key 2", sign(h, cl, k2));
        c.put("kid key-1, attacker key", sign(h, cl, attacker));
        c.put("kid unknown", sign(header("key-9"), cl, k1));
        c.put("kid empty", sign(header(""), cl, k1));
        c.put("kid 'key-1 '", sign(header("key-1 "), cl, k1));
        c.put("kid KEY-1", sign(header("KEY-1"), cl, k1));
        c.put("kid missing", sign("{\"alg\":\"RS512\",\"typ\":\"JWT\"}", cl, k1));
        c.put("kid null", sign("{\"alg\":\"RS512\",\"kid\":null}", cl, k1));
        c.put("kid number", sign("{\"alg\":\"RS512\",\"kid\":1}", cl, k1));
        c.put("kid array", sign("{\"alg\":\"RS512\",\"kid\":[\"key-1\"]}", cl, k1));
        c.put("kid of a 1024-bit key", sign(header("key-small"), cl, small));
        c.put("kid of an RS256-only key", sign(header("key-rs256"), cl, rs256Only));
        c.put("kid of an encryption key", sign(header("key-enc"), cl, encOnly));
        c.put("jwk header with the attacker key", sign("{\"alg\":\"RS512\",\"kid\":\"key-1\",\"jwk\":"
                + jwk(attacker, "key-1", "RS512", "sig") + "}", cl, attacker));
        c.put("jwk header without kid, attacker key", sign("{\"alg\":\"RS512\",\"jwk\":"
                + jwk(attacker, "key-x", null, null) + "}", cl, attacker));
        c.put("jku header to elsewhere, key 1", sign("{\"alg\":\"RS512\",\"kid\":\"key-1\",\"jku\":\"https://evil.example/jwks\"}",
                cl, k1));
        c.put("jku header to elsewhere, attacker key", sign("{\"alg\":\"RS512\",\"kid\":\"key-a\",\"jku\":\"https://evil.example/jwks\"}",
                cl, attacker));
        c.put("x5u header, key 1", sign("{\"alg\":\"RS512\",\"kid\":\"key-1\",\"x5u\":\"https://evil.example/cert\"}", cl, k1));

        // issuers
        String[] issuers = {issuer + "/", issuer + "//", issuer.replace("http://", "https://"), issuer.toUpperCase(),
            issuer + "/x", issuer + "x", issuer.substring(0, issuer.length() - 1), "https://auth.commercelayer.io", "",
            " " + issuer, issuer + " ", issuer.replace("localhost", "127.0.0.1")};
        for (String iss : issuers) {
            c.put("iss '" + iss + "'", sign(h, claims(q(iss), at(7200), null, at(0)), k1));
        }
        c.put("iss missing", sign(h, claims(null, at(7200), null, at(0)), k1));
        c.put("iss null", sign(h, claims("null", at(7200), null, at(0)), k1));
        c.put("iss number", sign(h, claims("1", at(7200), null, at(0)), k1));
        c.put("iss array", sign(h, claims("[" + q(issuer) + "]", at(7200), null, at(0)), k1));
        c.put("iss object", sign(h, claims("{\"iss\":" + q(issuer) + "}", at(7200), null, at(0)), k1));
        c.put("iss escaped slash", sign(h, claims(q(issuer.replace("/", "\\/")), at(7200), null, at(0)), k1));

        // headers
        String[] headers = {
            "{\"alg\":\"RS512\",\"kid\":\"key-1\"}",
            "{\"alg\":\"RS512\",\"typ\":\"jwt\",\"kid\":\"key-1\"}",
            "{\"alg\":\"RS512\",\"typ\":\"at+jwt\",\"kid\":\"key-1\"}",
            "{\"alg\":\"RS512\",\"typ\":\"JOSE\",\"kid\":\"key-1\"}",
            "{\"alg\":\"RS512\",\"typ\":\"JWT\",\"cty\":\"JWT\",\"kid\":\"key-1\"}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[\"exp\"],\"exp\":1}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[\"b64\"],\"b64\":false}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[\"b64\"],\"b64\":true}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[\"kid\"]}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[\"x-unknown\"],\"x-unknown\":1}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":[]}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"crit\":null}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"b64\":true}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"x-unknown\":{\"a\":[1,2,{}]}}",
            " {\r\n\t\"alg\" : \"RS512\" ,\n \"kid\":\"key-1\"} ",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",\"alg\":\"RS512\"}",
            "{\"alg\":\"none\",\"kid\":\"key-1\",\"alg\":\"RS512\"}",
            "{alg:\"RS512\",kid:\"key-1\"}",
            "{'alg':'RS512','kid':'key-1'}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\",}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\"/**/}",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\"}x",
            "{\"alg\":\"RS512\",\"kid\":\"key-1\"}{}",
            "\uFEFF{\"alg\":\"RS512\",\"kid\":\"key-1\"}",
            "[{\"alg\":\"RS512\",\"kid\":\"key-1\"}]",
            "\"RS512\"",
            "",
            "{\"alg\":\"RS512\",\"kid\":\"key-\u0001\"}",
            "{\"alg\":\"RS512\",\"kid\":\"k\u00e9y\"}",
        };
        for (String hd : headers) {
            c.put("header " + hd, sign(hd, cl, k1));
        }

        // claims encodings
        String[] claimTexts = {
            cl.replace("\"scope\"", "scope"),
            cl.replace("\"market:all\"", "'market:all'"),
            cl.substring(0, cl.length() - 1) + ",}",
            cl + " ",
            cl + "x",
            cl + "{}",
            "\n" + cl + "\n",
            "{\"iss\":\"https://auth.evil.example\"," + cl.substring(1),
            cl.substring(0, cl.length() - 1) + ",\"exp\":" + at(-10) + "}",
            cl.substring(0, cl.length() - 1) + ",\"x\":\"\u0007\"}",
            cl.substring(0, cl.length() - 1) + ",\"x\":\"\\ud800\"}",
            cl.substring(0, cl.length() - 1) + ",\"x\":1e400}",
            "[" + cl + "]",
            "",
            "null",
        };
        for (int i = 0; i < claimTexts.length; i++) {
            c.put("claims #" + i, sign(h, claimTexts[i], k1));
        }
        byte[] badUtf8 = (cl.substring(0, cl.length() - 1) + ",\"x\":\"\u00ff\"}").getBytes(StandardCharsets.ISO_8859_1);
        c.put("claims not UTF-8", RsaJwts.signEncoded(b64(h), RsaJwts.base64Url(badUtf8), k1));

        // compact-serialization encodings
        String[] p = valid.split("\\.");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String sig = p[2];
        c.put("signature padded", p[0] + "." + p[1] + "." + sig + "==");
        c.put("signature with '+'", p[0] + "." + p[1] + "." + sig.substring(0, 5) + "+" + sig.substring(6));
        c.put("signature with '*' inserted", p[0] + "." + p[1] + "." + sig.substring(0, 5) + "*" + sig.substring(5));
        c.put("signature with a space inserted", p[0] + "." + p[1] + "." + sig.substring(0, 5) + " " + sig.substring(5));
        c.put("signature with unused bits set", p[0] + "." + p[1] + "." + sig.substring(0, sig.length() - 1)
                + alphabet.charAt(alphabet.indexOf(sig.charAt(sig.length() - 1)) + 1));
        c.put("signature truncated", p[0] + "." + p[1] + "." + sig.substring(0, sig.length() - 4));
        c.put("signature empty", p[0] + "." + p[1] + ".");
        c.put("signature of another token", p[0] + "." + p[1] + "." + sign(h, claims(q(issuer), at(7199), at(0), at(0)), k1)
                .split("\\.")[2]);
        c.put("payload with '*' inserted (signed as sent)", RsaJwts.signEncoded(p[0], p[1].substring(0, 4) + "*"
                + p[1].substring(4), k1));
        c.put("header padded (signed as sent)", RsaJwts.signEncoded(b64(h + " ") + "=", p[1], k1));
        c.put("payload padded (signed as sent)", RsaJwts.signEncoded(p[0], b64(cl + "  ") + "==", k1));
        c.put("payload in standard base64 (signed as sent)", RsaJwts.signEncoded(p[0], java.util.Base64.getEncoder()
                .withoutPadding().encodeToString((cl + "\u00ff\u00ff").getBytes(StandardCharsets.UTF_8)), k1));
        c.put("leading space", " " + valid);
        c.put("trailing space", valid + " ");
        c.put("trailing newline", valid + "\n");
        c.put("trailing dot", valid + ".");
        c.put("four parts", valid + "." + p[2]);
        c.put("five parts (JWE shape)", p[0] + ".." + p[1] + ".." + p[2]);
        c.put("two parts", p[0] + "." + p[1]);
        c.put("one part", p[1]);
        c.put("empty", "");
        c.put("dots only", "..");
        c.put("JWS JSON serialization", "{\"payload\":\"" + p[1] + "\",\"protected\":\"" + p[0] + "\",\"signature\":\"" + p[2] + "\"}");
        c.put("Bearer prefix", "Bearer " + valid);

        // sizes
        c.put("size 16384", ofLength(16384));
        c.put("size 16385", ofLength(16385));
        c.put("size 40000", ofLength(40000));
        return c;
    }

    private static String alg(String alg) {
        return "{\"alg\":\"" + alg + "\",\"kid\":\"key-1\"}";
    }

    /** A valid token of exactly {@code length} characters (spaces in the header, a run of x in a claim). */
    private static String ofLength(int length) throws Exception {
        for (int spaces = 0; spaces < 4; spaces++) {
            String h = "{" + repeat(' ', spaces) + "\"alg\":\"RS512\",\"kid\":\"key-1\"}";
            String base = sign(h, padded(0), k1);
            int bytes = (length - base.length()) * 3 / 4;
            for (int i = Math.max(0, bytes - 4); i <= bytes + 4; i++) {
                String t = sign(h, padded(i), k1);
                if (t.length() == length) {
                    return t;
                }
            }
        }
        throw new AssertionError("no token of " + length + " characters");
    }

    private static String padded(int n) {
        String v = validClaims();
        return v.substring(0, v.length() - 1) + ",\"pad\":\"" + repeat('x', n) + "\"}";
    }

    private static String repeat(char c, int n) {
        char[] x = new char[n];
        Arrays.fill(x, c);
        return new String(x);
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    private static String jwk(KeyPair keys, String kid, String alg, String use) {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\"" + (use == null ? "" : ",\"use\":\"" + use + "\"")
                + (alg == null ? "" : ",\"alg\":\"" + alg + "\"") + ",\"n\":\"" + Base64URL.encode(pub.getModulus())
                + "\",\"e\":\"" + Base64URL.encode(pub.getPublicExponent()) + "\"}";
    }
}
