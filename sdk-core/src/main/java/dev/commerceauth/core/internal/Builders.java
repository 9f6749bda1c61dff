package dev.commerceauth.core.internal;

import dev.commerceauth.core.TokenClientBuilder;
import java.util.function.Function;

/**
 * Internal: the bridge between {@link TokenClientBuilder} and the SDK's own provider builders.
 * {@link TokenClientBuilder} is not for extension: its only constructor takes a {@link Key}, which
 * only this class hands out, accepts it only from the three provider builders
 * ({@link #isProviderBuilder(Class)}), and the transport settings it collects are read with
 * {@link #transport(TokenClientBuilder)} instead of a protected accessor, so that no internal type
 * appears in the public API. Applications must not call this class.
 */
public final class Builders {

    private static final Key KEY = new Key();
    private static volatile Function<TokenClientBuilder<?, ?>, Transport> access;

    private Builders() {
    }

    /**
     * The key the SDK's provider builders pass to {@link TokenClientBuilder}'s constructor.
     *
     * @return the key
     */
    public static Key key() {
        return KEY;
    }

    /**
     * The transport settings a builder collected, for its {@code build()}.
     *
     * @param builder the builder
     * @return its transport settings
     */
    public static Transport transport(TokenClientBuilder<?, ?> builder) {
        if (builder == null) {
            throw new IllegalArgumentException("builder must not be null");
        }
        Function<TokenClientBuilder<?, ?>, Transport> a = access;
        if (a == null) {
            throw new IllegalStateException("TokenClientBuilder is not initialized");
        }
        return a.apply(builder);
    }

    /**
     * Called once by {@link TokenClientBuilder}'s class initializer to expose its settings to
     * {@link #transport(TokenClientBuilder)}; later calls are refused.
     *
     * @param accessor reads a builder's transport settings
     * @throws IllegalStateException if an accessor is already installed
     */
    public static synchronized void install(Function<TokenClientBuilder<?, ?>, Transport> accessor) {
        if (access != null) {
            throw new IllegalStateException("already installed");
        }
        access = accessor;
    }

    /**
     * Checks a key passed to {@link TokenClientBuilder}'s constructor.
     *
     * @param key the key
     * @return true if it is the SDK's key
     */
    public static boolean isKey(Key key) {
        return key == KEY;
    }

    /**
     * Whether a class is one of the SDK's three provider builders, loaded with the SDK itself: the
     * key is public (the provider builders live in other packages), so the constructor of
     * {@link TokenClientBuilder} also checks who calls it.
     *
     * @param builderClass the class of the builder being constructed
     * @return true for {@code SellyticsAuth.Builder}, {@code ShopwareAuth.Builder} and
     *     {@code CommerceLayerAuth.Builder}
     */
    public static boolean isProviderBuilder(Class<?> builderClass) {
        String name = builderClass.getName();
        return builderClass.getClassLoader() == Builders.class.getClassLoader()
                && (name.equals("dev.commerceauth.sellytics.SellyticsAuth$Builder")
                        || name.equals("dev.commerceauth.shopware.ShopwareAuth$Builder")
                        || name.equals("dev.commerceauth.commercelayer.CommerceLayerAuth$Builder"));
    }

    /**
     * The opaque key that makes {@link TokenClientBuilder} constructible only by the SDK's
     * provider builders. Not for extension; no instance can be created outside this class.
     */
    public static final class Key {
        private Key() {
        }
    }
}
