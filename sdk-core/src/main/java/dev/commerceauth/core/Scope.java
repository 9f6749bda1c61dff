package dev.commerceauth.core;

import dev.commerceauth.core.internal.Ascii;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An immutable set of OAuth2 scopes, sent space-separated on the wire.
 *
 * <p>Factories exist for the scopes of the three providers: {@link #of(String)} for a raw scope
 * such as {@code sellytics-data-api} or Shopware's {@code write}; the Commerce Layer scopes
 * {@link #market(String)} ({@code market:id:{id}}), {@link #marketCode(String)},
 * {@link #allMarkets()}, {@link #stockLocation(String)}, {@link #stockLocationCode(String)},
 * {@link #store(String)} and {@link #storeCode(String)}. Several scopes are combined with
 * {@link #of(Scope...)} or {@link #and(Scope)}; {@link #parse(String)} reads a server's answer.
 *
 * <p>Values keep their insertion order for the wire; equality ignores the order.
 */
public final class Scope {

    /** Besides letters and digits, ids of Commerce Layer resources may contain these. */
    private static final String ID_OTHERS = "_-";
    /** Besides letters and digits, codes of Commerce Layer resources may contain these. */
    private static final String CODE_OTHERS = "_-.";
    /** The longest id or code accepted. */
    private static final int MAX_ID_LENGTH = 128;
    /** What separates the scopes of a server's answer: the characters of a regex {@code \s}. */
    private static final String WHITESPACE = " \t\n\u000B\f\r";
    /** The longest raw scope accepted (printable ASCII without spaces). */
    private static final int MAX_RAW_LENGTH = 512;

    private static final Scope NONE = new Scope(Collections.<String>emptySet());

    private final Set<String> values;

    private Scope(Set<String> values) {
        this.values = Collections.unmodifiableSet(values);
    }

    /**
     * A single raw scope such as {@code sellytics-data-api} or {@code write}.
     *
     * @param raw the scope; printable ASCII, no whitespace
     * @return the scope
     * @throws IllegalArgumentException if {@code raw} is null, blank, contains whitespace or
     *     characters outside printable ASCII
     */
    public static Scope of(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("scope must not be null");
        }
        if (raw.trim().isEmpty()) {
            throw new IllegalArgumentException("scope must not be blank");
        }
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isWhitespace(raw.charAt(i))) {
                throw new IllegalArgumentException("scope must not contain whitespace: '" + printable(raw)
                        + "'; combine several scopes with Scope.of(Scope...) or Scope.parse(String)");
            }
        }
        if (!Ascii.isVisible(raw, MAX_RAW_LENGTH)) {
            throw new IllegalArgumentException("scope must be printable ASCII of at most " + MAX_RAW_LENGTH
                    + " characters: '"
                    + printable(raw) + "'");
        }
        return single(raw);
    }

    /**
     * Commerce Layer: the market with the given id, {@code market:id:{id}}.
     *
     * @param id the market id, for example {@code xYZkjABcde}
     * @return the scope
     * @throws IllegalArgumentException if the id is not made of letters, digits, {@code _} or {@code -}
     */
    public static Scope market(String id) {
        return single("market:id:" + checkId(id, "market id"));
    }

    /**
     * Commerce Layer: the market with the given code, {@code market:code:{code}}.
     *
     * @param code the market code
     * @return the scope
     * @throws IllegalArgumentException if the code is not made of letters, digits, {@code _},
     *     {@code -} or {@code .}
     */
    public static Scope marketCode(String code) {
        return single("market:code:" + checkCode(code, "market code"));
    }

    /**
     * Commerce Layer: all markets, {@code market:all} (the server's default for integrations).
     *
     * @return the scope
     */
    public static Scope allMarkets() {
        return single("market:all");
    }

    /**
     * Commerce Layer: the stock location with the given id, {@code stock_location:id:{id}}.
     *
     * @param id the stock location id
     * @return the scope
     * @throws IllegalArgumentException if the id is malformed
     */
    public static Scope stockLocation(String id) {
        return single("stock_location:id:" + checkId(id, "stock location id"));
    }

    /**
     * Commerce Layer: the stock location with the given code, {@code stock_location:code:{code}}.
     *
     * @param code the stock location code
     * @return the scope
     * @throws IllegalArgumentException if the code is malformed
     */
    public static Scope stockLocationCode(String code) {
        return single("stock_location:code:" + checkCode(code, "stock location code"));
    }

    /**
     * Commerce Layer: the store with the given id, {@code store:id:{id}}.
     *
     * @param id the store id
     * @return the scope
     * @throws IllegalArgumentException if the id is malformed
     */
    public static Scope store(String id) {
        return single("store:id:" + checkId(id, "store id"));
    }

    /**
     * Commerce Layer: the store with the given code, {@code store:code:{code}}.
     *
     * @param code the store code
     * @return the scope
     * @throws IllegalArgumentException if the code is malformed
     */
    public static Scope storeCode(String code) {
        return single("store:code:" + checkCode(code, "store code"));
    }

    /**
     * No scope: nothing is sent and the server applies its default.
     *
     * @return the empty scope
     */
    public static Scope none() {
        return NONE;
    }

    /**
     * Combines several scopes, keeping the order of first appearance and dropping duplicates.
     *
     * @param scopes the scopes to combine
     * @return the combined scope; {@link #none()} when there are none
     * @throws IllegalArgumentException if the array or one of its elements is null
     */
    public static Scope of(Scope... scopes) {
        if (scopes == null) {
            throw new IllegalArgumentException("scopes must not be null");
        }
        Set<String> all = new LinkedHashSet<>();
        for (Scope s : scopes) {
            if (s == null) {
                throw new IllegalArgumentException("scopes must not contain null");
            }
            all.addAll(s.values);
        }
        return all.isEmpty() ? NONE : new Scope(all);
    }

    /**
     * Leniently reads a space-separated scope as a server answers it (for example Keycloak's
     * {@code "sellytics-data-api profile email"}). Runs of whitespace separate scopes; nothing is
     * rejected. For scopes to request use {@link #of(String)} and the other factories: a grant
     * refuses a parsed scope with characters outside printable ASCII.
     *
     * @param spaceSeparated the scope string; null or blank gives {@link #none()}
     * @return the scope
     */
    public static Scope parse(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.trim().isEmpty()) {
            return NONE;
        }
        String text = spaceSeparated.trim();
        Set<String> all = new LinkedHashSet<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean separator = i == text.length() || WHITESPACE.indexOf(text.charAt(i)) >= 0;
            if (!separator && start < 0) {
                start = i;
            } else if (separator && start >= 0) {
                all.add(text.substring(start, i));
                start = -1;
            }
        }
        return all.isEmpty() ? NONE : new Scope(all);
    }

    /**
     * Returns this scope combined with another one.
     *
     * @param other the scope to add
     * @return the union, this scope's values first
     * @throws IllegalArgumentException if {@code other} is null
     */
    public Scope and(Scope other) {
        return of(this, other);
    }

    /**
     * The scope values in insertion order.
     *
     * @return an unmodifiable, insertion-ordered set
     */
    public Set<String> values() {
        return values;
    }

    /**
     * Whether this scope holds no value.
     *
     * @return true for {@link #none()}
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Whether this scope holds every value of another scope.
     *
     * @param other the scope to look for
     * @return true if all of {@code other}'s values are in this scope
     * @throws IllegalArgumentException if {@code other} is null
     */
    public boolean contains(Scope other) {
        if (other == null) {
            throw new IllegalArgumentException("other must not be null");
        }
        return values.containsAll(other.values);
    }

    /**
     * The wire form: the values separated by single spaces, in insertion order.
     *
     * @return the wire value; empty for {@link #none()}
     */
    public String toWireValue() {
        return String.join(" ", values);
    }

    /**
     * Compares the sets of values, ignoring their order.
     *
     * @param o the other object
     * @return whether {@code o} is a scope with the same values
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Scope && values.equals(((Scope) o).values));
    }

    /**
     * Hash code of the set of values (order-insensitive).
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * Returns the wire value.
     *
     * @return {@link #toWireValue()}
     */
    @Override
    public String toString() {
        return toWireValue();
    }

    private static Scope single(String value) {
        Set<String> set = new LinkedHashSet<>();
        set.add(value);
        return new Scope(set);
    }

    private static String checkId(String id, String what) {
        return check(id, what, ID_OTHERS, "letters, digits, '_' and '-'");
    }

    private static String checkCode(String code, String what) {
        return check(code, what, CODE_OTHERS, "letters, digits, '_', '-' and '.'");
    }

    private static String check(String value, String what, String others, String allowed) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (value.trim().isEmpty()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (!Ascii.isAlphanumeric(value, others, MAX_ID_LENGTH)) {
            throw new IllegalArgumentException(what + " may only contain " + allowed
                    + " (at most " + MAX_ID_LENGTH + " characters): '" + printable(value) + "'");
        }
        return value;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 64 ? b.append("...").toString() : b.toString();
    }
}
