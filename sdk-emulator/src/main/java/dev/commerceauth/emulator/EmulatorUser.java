package dev.commerceauth.emulator;

/**
 * A user registered with the emulator: a Shopware admin user (password grant) or a Commerce Layer
 * customer (password, authorization_code and JWT bearer grants). Immutable; pass it to
 * {@link TokenServerEmulator.Builder#user(EmulatorUser)}.
 */
public final class EmulatorUser {

    private final Dialect dialect;
    private final String username;
    private final String password;

    private EmulatorUser(Dialect dialect, String username, String password) {
        this.dialect = dialect;
        this.username = EmulatorClient.requireText(username, "username");
        this.password = EmulatorClient.requireText(password, "password");
    }

    /**
     * A Shopware admin user, for the password grant with {@code client_id=administration}.
     *
     * @param username the username
     * @param password the password
     * @return the user
     */
    public static EmulatorUser shopwareAdmin(String username, String password) {
        return new EmulatorUser(Dialect.SHOPWARE, username, password);
    }

    /**
     * A Commerce Layer customer.
     *
     * @param email the customer's email (the password grant's {@code username})
     * @param password the password
     * @return the user
     */
    public static EmulatorUser commerceLayerCustomer(String email, String password) {
        return new EmulatorUser(Dialect.COMMERCE_LAYER, email, password);
    }

    /**
     * The dialect this user belongs to.
     *
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * The username (Commerce Layer: the customer's email).
     *
     * @return the username
     */
    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    @Override
    public String toString() {
        return "EmulatorUser{" + dialect + " " + username + "}";
    }
}
