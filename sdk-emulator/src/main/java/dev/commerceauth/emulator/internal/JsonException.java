package dev.commerceauth.emulator.internal;

/**
 * Thrown by {@link Json#parse(String)} when a text is not well-formed JSON.
 */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public JsonException(String message) {
        super(message);
    }
}
