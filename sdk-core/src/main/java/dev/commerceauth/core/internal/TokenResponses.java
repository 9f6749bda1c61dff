package dev.commerceauth.core.internal;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal: validates the fields of a 200 token answer and builds the {@link AccessToken}.
 *
 * <p>One rule gives the expiry, with or without {@code expires_in}: a <em>stated lifetime</em>
 * counted on the local clock from the time the request was sent ({@code sentAt}), never later than
 * the access token's own JWT {@code exp} claim when it has one:
 * {@code expiresAt = min(sentAt + stated, exp)}. The stated lifetime is {@code expires_in}; without
 * it {@code exp - iat}; without both the lifetime is {@code exp - sentAt}, and without {@code exp} too
 * the provider's documented default. So:
 * <ul>
 *   <li>a local clock that is <em>behind</em> the server's never makes a token look longer-lived than
 *       the server issued it for (the stated lifetime counts from {@code sentAt});</li>
 *   <li>a local clock that is <em>ahead</em> shortens the lifetime to what is left until {@code exp};</li>
 *   <li>with clocks in sync, {@code exp} corrects {@code sentAt + expires_in} when the server
 *       truncated its issue time to the second (Keycloak: {@code exp = floor(now) + lifespan}), which
 *       would otherwise make the token look up to a second longer-lived than it is.</li>
 * </ul>
 * {@code exp} is a NumericDate; a fractional one (lcobucci/jwt, behind Shopware) counts from its
 * whole second, the earlier instant. A {@code exp} that is not after {@code sentAt}, a stated lifetime
 * that is not positive or exceeds ten years, claims more than ten years from the local clock, a
 * token type other than bearer (case-insensitive) and a missing token are an
 * {@link InvalidResponseException}. An access token that is not a JWT (or has no {@code exp}) is
 * not read.
 */
public final class TokenResponses {

    /** The longest lifetime accepted: ten years. */
    static final long MAX_EXPIRES_IN = 10L * 365 * 24 * 3600;

    private final Provider provider;

    /**
     * Creates the mapper.
     *
     * @param provider the provider, for messages and the default lifetime
     */
    public TokenResponses(Provider provider) {
        this.provider = provider;
    }

    /**
     * Builds the access token.
     *
     * @param status the HTTP status of the answer
     * @param sentAt when the request was sent
     * @param accessToken the {@code access_token}
     * @param tokenType the {@code token_type}
     * @param expiresIn the {@code expires_in}, or null
     * @param scope the {@code scope}, or null
     * @param refreshToken the {@code refresh_token}, or null
     * @param extras the provider's extra fields (null values skipped)
     * @return the token
     */
    public AccessToken toToken(int status, Instant sentAt, String accessToken, String tokenType, Long expiresIn,
            String scope, String refreshToken, Map<String, Object> extras) {
        String name = provider.displayName();
        if (accessToken == null || accessToken.trim().isEmpty()) {
            throw new InvalidResponseException(name + " answered HTTP " + status
                    + " without an access_token. Check that the endpoint URL points at the token endpoint.", status);
        }
        if (!Ascii.isB64Token(accessToken)) {
            throw new InvalidResponseException(name + " answered HTTP " + status + " with an access_token that"
                    + " contains characters a bearer token cannot carry (RFC 6750: letters, digits, -._~+/ and"
                    + " trailing =); it was not used. Check for a proxy rewriting the answer.", status);
        }
        if (refreshToken != null && !refreshToken.isEmpty() && !Ascii.isVisible(refreshToken, Integer.MAX_VALUE)) {
            throw new InvalidResponseException(name + " answered HTTP " + status + " with a refresh_token that"
                    + " contains spaces, control or non-ASCII characters; it was not used.", status);
        }
        if (tokenType == null || !"bearer".equalsIgnoreCase(tokenType.trim())) {
            throw new InvalidResponseException(name + " issued a token of type '"
                    + (tokenType == null ? "none" : Redactor.none().redact(abbreviate(tokenType)))
                    + "' instead of 'Bearer'; this SDK only sends bearer tokens.", status);
        }
        Instant expiresAt;
        Jwt jwt = Jwt.decodeOrNull(accessToken);
        Long exp = jwt == null ? null : numericDate(jwt, "exp");
        if (expiresIn != null) {
            if (expiresIn <= 0 || expiresIn > MAX_EXPIRES_IN) {
                throw new InvalidResponseException(name + " answered an absurd expires_in of " + expiresIn
                        + " seconds (expected 1 to " + MAX_EXPIRES_IN + "). The token was not used.", status);
            }
            expiresAt = sentAt.plusSeconds(expiresIn);
            if (exp != null) {
                expiresAt = notAfterExp(name, status, sentAt, expiresAt, exp);
            }
        } else {
            if (exp != null) {
                expiresAt = sentAt.plus(lifetimeFromClaims(name, status, sentAt, exp, jwt.longClaim("iat")));
            } else {
                Duration d = provider.defaultLifetime();
                Provider.LOG.log(Level.FINE, "{0}: no expires_in and no JWT exp, assuming a lifetime of {1} s",
                        new Object[] {name, d.getSeconds()});
                expiresAt = sentAt.plus(d);
            }
        }
        AccessToken token = AccessToken.builder()
                .value(accessToken)
                .tokenType(tokenType.trim())
                .issuedAt(sentAt)
                .expiresAt(expiresAt)
                .scope(Scope.parse(scope))
                .refreshToken(refreshToken == null || refreshToken.trim().isEmpty() ? null : refreshToken)
                .extraFields(extras)
                .build();
        if (Provider.LOG.isLoggable(Level.FINE)) {
            Provider.LOG.log(Level.FINE, "{0}: issued token {1}, expires at {2}",
                    new Object[] {name, Masking.mask(accessToken), expiresAt});
        }
        return token;
    }

    /**
     * The lifetime in seconds counted from {@code sentAt}, from the {@code exp} and optional
     * {@code iat} claims (see the class comment).
     */
    private static Duration lifetimeFromClaims(String name, int status, Instant sentAt, long exp, Long iat) {
        // claims more than ten years from the local clock are refused before any arithmetic on them,
        // which keeps the subtractions below from overflowing and Instant from going out of range
        long sent = sentAt.getEpochSecond();
        if (!withinTenYears(exp, sent)) {
            throw new InvalidResponseException(name + " answered without expires_in and the token's exp claim ("
                    + exp + ") is more than ten years from the local clock. The token was not used; check the"
                    + " system clock.", status);
        }
        if (iat != null && !withinTenYears(iat, sent)) {
            throw new InvalidResponseException(name + " answered without expires_in and the token's iat claim ("
                    + iat + ") is more than ten years from the local clock. The token was not used; check the"
                    + " system clock.", status);
        }
        Duration untilExp = Duration.between(sentAt, Instant.ofEpochSecond(exp));
        Duration lifetime = untilExp;
        if (iat != null) {
            long stated = exp - iat;
            if (stated <= 0 || stated > MAX_EXPIRES_IN) {
                throw new InvalidResponseException(name + " answered without expires_in and the token's claims state "
                        + (stated <= 0 ? "no positive lifetime" : "a lifetime of more than ten years")
                        + " (iat " + Instant.ofEpochSecond(iat) + ", exp " + Instant.ofEpochSecond(exp)
                        + "). The token was not used.", status);
            }
            Duration statedLifetime = Duration.ofSeconds(stated);
            if (statedLifetime.compareTo(untilExp) < 0) {
                lifetime = statedLifetime;
            }
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofSeconds(MAX_EXPIRES_IN)) > 0) {
            throw new InvalidResponseException(name + " answered without expires_in and the token's exp claim is "
                    + (lifetime.isNegative() || lifetime.isZero() ? "not in the future" : "more than ten years away")
                    + " (" + Instant.ofEpochSecond(exp) + "). Check the system clock.", status);
        }
        return lifetime;
    }

    /**
     * {@code sentAt + expires_in} (already validated) bounded by the token's own {@code exp}: the
     * earlier of the two (see the class comment).
     */
    private static Instant notAfterExp(String name, int status, Instant sentAt, Instant stated, long exp) {
        long sent = sentAt.getEpochSecond();
        if (exp > sent + MAX_EXPIRES_IN) {
            return stated; // later than any accepted expires_in: it cannot be the earlier one
        }
        if (exp < sent - MAX_EXPIRES_IN || !Instant.ofEpochSecond(exp).isAfter(sentAt)) {
            throw new InvalidResponseException(name + " answered with an access token whose exp claim ("
                    + exp + ") is not after the time the request was sent, although expires_in says it is"
                    + " valid. The token was not used; check the system clock.", status);
        }
        Instant byExp = Instant.ofEpochSecond(exp);
        return byExp.isBefore(stated) ? byExp : stated;
    }

    /**
     * A NumericDate claim in whole epoch seconds: an integer as it is, a plain decimal fraction
     * rounded down (the earlier instant); null when absent or not such a number (an exponent is not
     * accepted, so that no huge number is ever expanded).
     */
    static Long numericDate(Jwt jwt, String claim) {
        Long whole = jwt.longClaim(claim);
        if (whole != null) {
            return whole;
        }
        String s = Json.string(jwt.payload(), claim);
        Matcher m = s == null ? null : FRACTION.matcher(s.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        long seconds = Long.parseLong(m.group(1));
        boolean fraction = m.group(2).chars().anyMatch(c -> c != '0');
        return m.group(1).startsWith("-") && fraction ? seconds - 1 : seconds;
    }

    /** A plain decimal fraction: up to 18 integer digits, a dot, up to 30 fraction digits. */
    private static final Pattern FRACTION = Pattern.compile("(-?\\d{1,18})\\.(\\d{1,30})");

    /** Whether {@code claim} (epoch seconds) lies within ten years of {@code sent}, overflow-safe. */
    private static boolean withinTenYears(long claim, long sent) {
        return claim >= sent - MAX_EXPIRES_IN && claim <= sent + MAX_EXPIRES_IN;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }
}
