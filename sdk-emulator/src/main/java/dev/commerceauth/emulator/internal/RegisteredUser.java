package dev.commerceauth.emulator.internal;

import dev.commerceauth.emulator.Dialect;

/**
 * A user as the handlers see it, password included. Immutable.
 */
final class RegisteredUser {

    private final Dialect dialect;
    private final String username;
    private final String password;
    private final String id;

    /**
     * Creates the record.
     *
     * @param dialect the dialect
     * @param username the username (Commerce Layer: email)
     * @param password the password
     */
    RegisteredUser(Dialect dialect, String username, String password) {
        this.dialect = dialect;
        this.username = username;
        this.password = password;
        this.id = dialect == Dialect.SHOPWARE
                ? Ids.derivedHex("user:" + username)
                : Ids.derived("customer:" + username);
    }

    /** @return the dialect */
    Dialect dialect() {
        return dialect;
    }

    /** @return the username */
    String username() {
        return username;
    }

    /** @return a stable id derived from the username (Shopware: 32 hex, Commerce Layer: 10 characters) */
    String id() {
        return id;
    }

    /**
     * Compares a presented password in constant time.
     *
     * @param presented the password the request carried, may be {@code null}
     * @return whether it matches
     */
    boolean passwordMatches(String presented) {
        return presented != null && Ids.constantTimeEquals(password, presented);
    }
}
