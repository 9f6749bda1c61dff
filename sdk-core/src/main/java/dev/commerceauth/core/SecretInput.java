package dev.commerceauth.core;

import java.util.function.BiFunction;

/**
 * A secret field of a grant builder: given either as text, validated only in {@code build()} so
 * that the message can name the field, or as a ready {@link Secret}. The last call wins.
 */
final class SecretInput {

    private final String name;
    private final BiFunction<String, String, Secret> parser;
    private String text;
    private Secret secret;
    private boolean given;

    /**
     * A field.
     *
     * @param name the field's name in messages, for example {@code "clientSecret"}
     * @param parser validates text: {@code Secret::of} (ASCII) or {@code Secret::ofPassword}
     */
    SecretInput(String name, BiFunction<String, String, Secret> parser) {
        this.name = name;
        this.parser = parser;
    }

    /** Sets the value as text; null is given (and rejected by {@code build()}). */
    void text(String value) {
        this.text = value;
        this.secret = null;
        this.given = true;
    }

    /** Sets the value as a secret; null clears the field. */
    void secret(Secret value) {
        this.secret = value;
        this.text = null;
        this.given = value != null;
    }

    /** The secret; a missing one is an {@link IllegalArgumentException} naming the field. */
    Secret required() {
        return secret != null ? secret : parser.apply(text, name);
    }

    /** The secret, or null when the field was never set (or cleared with a null secret). */
    Secret optional() {
        return given ? required() : null;
    }
}
