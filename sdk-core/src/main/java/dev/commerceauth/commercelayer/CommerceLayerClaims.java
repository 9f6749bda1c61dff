package dev.commerceauth.commercelayer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.internal.Jwt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The claims of a Commerce Layer access token: organization, application, owner, markets, scope,
 * test flag and times. Obtain them with {@link CommerceLayerAuth#verify(String)} (signature checked)
 * or {@link #decode(String)} (not checked: only for tokens you received from the token endpoint
 * yourself). Immutable.
 */
public final class CommerceLayerClaims {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final String organizationId;
    private final String organizationSlug;
    private final String applicationId;
    private final String applicationKind;
    private final String applicationClientId;
    private final String ownerId;
    private final String ownerType;
    private final List<String> marketIds;
    private final List<String> stockLocationIds;
    private final Scope scope;
    private final boolean test;
    private final Instant expiresAt;
    private final Instant issuedAt;
    private final String issuer;

    private CommerceLayerClaims(JsonObject c) {
        JsonObject org = object(c, "organization");
        JsonObject app = object(c, "application");
        JsonObject owner = object(c, "owner");
        JsonObject market = object(c, "market");
        this.organizationSlug = string(org, "slug");
        if (organizationSlug == null || !SLUG.matcher(organizationSlug).matches()) {
            throw new IllegalArgumentException("The token has no valid organization.slug claim; is it a Commerce Layer access token?");
        }
        this.organizationId = string(org, "id");
        this.applicationId = string(app, "id");
        this.applicationKind = string(app, "kind");
        this.applicationClientId = string(app, "client_id");
        this.ownerId = string(owner, "id");
        this.ownerType = string(owner, "type");
        this.marketIds = strings(market, "id");
        this.stockLocationIds = strings(market, "stock_location_ids");
        this.scope = Scope.parse(string(c, "scope"));
        JsonElement t = c.get("test");
        this.test = t != null && t.isJsonPrimitive() && t.getAsJsonPrimitive().isBoolean() && t.getAsBoolean();
        this.expiresAt = instant(c, "exp");
        this.issuedAt = instant(c, "iat");
        this.issuer = string(c, "iss");
    }

    /**
     * Decodes the claims of a token <em>without</em> verifying its signature.
     *
     * @param accessToken the access token (a JWT)
     * @return the claims
     * @throws IllegalArgumentException if the token is not a JWT with Commerce Layer claims
     */
    public static CommerceLayerClaims decode(String accessToken) {
        Jwt jwt = Jwt.decodeOrNull(accessToken);
        if (jwt == null) {
            throw new IllegalArgumentException("The token is not a JWT (three base64url parts with JSON header and payload).");
        }
        return new CommerceLayerClaims(jwt.payload());
    }

    /**
     * Reads verified claims.
     *
     * @param payload the JWT payload
     * @return the claims
     */
    static CommerceLayerClaims of(JsonObject payload) {
        return new CommerceLayerClaims(payload);
    }

    /**
     * {@code organization.id}.
     *
     * @return the organization id or empty
     */
    public Optional<String> organizationId() {
        return Optional.ofNullable(organizationId);
    }

    /**
     * {@code organization.slug}, the sub-domain of the Core API.
     *
     * @return the slug (lower-case letters, digits and {@code -})
     */
    public String organizationSlug() {
        return organizationSlug;
    }

    /**
     * {@code application.id}.
     *
     * @return the application id or empty
     */
    public Optional<String> applicationId() {
        return Optional.ofNullable(applicationId);
    }

    /**
     * {@code application.kind}: {@code sales_channel}, {@code integration}, {@code webapp}, ….
     *
     * @return the kind or empty
     */
    public Optional<String> applicationKind() {
        return Optional.ofNullable(applicationKind);
    }

    /**
     * {@code application.client_id}.
     *
     * @return the client id or empty
     */
    public Optional<String> applicationClientId() {
        return Optional.ofNullable(applicationClientId);
    }

    /**
     * {@code owner.id}: the customer or user the token belongs to.
     *
     * @return the owner id or empty for client tokens
     */
    public Optional<String> ownerId() {
        return Optional.ofNullable(ownerId);
    }

    /**
     * {@code owner.type}, for example {@code Customer} or {@code User}.
     *
     * @return the owner type or empty
     */
    public Optional<String> ownerType() {
        return Optional.ofNullable(ownerType);
    }

    /**
     * {@code market.id}: the markets in scope.
     *
     * @return an unmodifiable list, empty if none
     */
    public List<String> marketIds() {
        return marketIds;
    }

    /**
     * {@code market.stock_location_ids}.
     *
     * @return an unmodifiable list, empty if none
     */
    public List<String> stockLocationIds() {
        return stockLocationIds;
    }

    /**
     * {@code scope}.
     *
     * @return the scope, {@link Scope#none()} if absent
     */
    public Scope scope() {
        return scope;
    }

    /**
     * {@code test}: whether the token is for the organization's test environment.
     *
     * @return the test flag (false if absent)
     */
    public boolean test() {
        return test;
    }

    /**
     * {@code exp}.
     *
     * @return the expiry or empty
     */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * {@code iat}.
     *
     * @return the issue time or empty
     */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(issuedAt);
    }

    /**
     * {@code iss}, for example {@code https://auth.commercelayer.io}.
     *
     * @return the issuer or empty
     */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /**
     * The Core API base URL of the organization, {@code https://{slug}.{domain}}.
     *
     * @param domain the Commerce Layer domain, for example {@code commercelayer.io}
     * @return the base URL without trailing slash
     */
    public String coreApiBaseUrl(String domain) {
        return "https://" + organizationSlug + "." + CommerceLayerAuth.checkDomain(domain);
    }

    /**
     * Claims are equal when all their fields are.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CommerceLayerClaims)) {
            return false;
        }
        CommerceLayerClaims c = (CommerceLayerClaims) o;
        return test == c.test && Objects.equals(organizationId, c.organizationId)
                && organizationSlug.equals(c.organizationSlug) && Objects.equals(applicationId, c.applicationId)
                && Objects.equals(applicationKind, c.applicationKind)
                && Objects.equals(applicationClientId, c.applicationClientId) && Objects.equals(ownerId, c.ownerId)
                && Objects.equals(ownerType, c.ownerType) && marketIds.equals(c.marketIds)
                && stockLocationIds.equals(c.stockLocationIds) && scope.equals(c.scope)
                && Objects.equals(expiresAt, c.expiresAt) && Objects.equals(issuedAt, c.issuedAt)
                && Objects.equals(issuer, c.issuer);
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(organizationId, organizationSlug, applicationId, applicationKind, ownerId, marketIds,
                scope, test, expiresAt, issuer);
    }

    /**
     * A description of the claims (no secrets in them).
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "CommerceLayerClaims{organization=" + organizationSlug + ", applicationKind=" + applicationKind
                + ", ownerType=" + ownerType + ", marketIds=" + marketIds + ", scope=" + scope + ", test=" + test
                + ", expiresAt=" + expiresAt + ", issuer=" + issuer + '}';
    }

    private static JsonObject object(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isString() || p.isNumber() ? p.getAsString() : null;
    }

    private static List<String> strings(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        if (e == null) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (JsonElement x : a) {
                if (x.isJsonPrimitive()) {
                    out.add(x.getAsString());
                }
            }
        } else if (e.isJsonPrimitive()) {
            out.add(e.getAsString());
        }
        return Collections.unmodifiableList(out);
    }

    private static Instant instant(JsonObject o, String name) {
        String s = string(o, name);
        if (s == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond((long) Double.parseDouble(s));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }
}
