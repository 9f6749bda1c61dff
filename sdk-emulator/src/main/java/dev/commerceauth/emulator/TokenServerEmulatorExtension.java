package dev.commerceauth.emulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts a {@link TokenServerEmulator} before a test class and closes it
 * after, and injects it into constructors, lifecycle methods and test methods that declare a
 * {@code TokenServerEmulator} parameter.
 *
 * <p>With the defaults:
 * <pre>{@code
 * @ExtendWith(TokenServerEmulatorExtension.class)
 * class MyTest {
 *     @Test
 *     void works(TokenServerEmulator emulator) { ... }
 * }
 * }</pre>
 *
 * <p>With configuration:
 * <pre>{@code
 * @RegisterExtension
 * static final TokenServerEmulatorExtension EMULATOR = new TokenServerEmulatorExtension(
 *         TokenServerEmulator.builder().tokenLifetime(Duration.ofSeconds(5)));
 * // EMULATOR.emulator() in tests
 * }</pre>
 *
 * <p>Registered on an instance field instead of a static one, it starts and closes an emulator
 * around every test. Nested test classes share their enclosing class's emulator. Faults and the
 * request log are not reset between tests.
 */
public final class TokenServerEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final String KEY = "emulator";

    private final TokenServerEmulator.Builder builder;
    private final ExtensionContext.Namespace namespace;
    private volatile TokenServerEmulator current;

    /**
     * An extension whose emulator has the default configuration (free port, demo data).
     */
    public TokenServerEmulatorExtension() {
        this(TokenServerEmulator.builder());
    }

    /**
     * An extension whose emulator is built from a configured builder.
     *
     * @param builder the builder; {@link TokenServerEmulator.Builder#build()} is called once per start
     */
    public TokenServerEmulatorExtension(TokenServerEmulator.Builder builder) {
        if (builder == null) {
            throw new NullPointerException("builder");
        }
        this.builder = builder;
        this.namespace = ExtensionContext.Namespace.create(TokenServerEmulatorExtension.class, this);
    }

    /**
     * The running emulator (for {@code @RegisterExtension} fields).
     *
     * @return the emulator
     * @throws IllegalStateException outside a test class this extension runs for
     */
    public TokenServerEmulator emulator() {
        TokenServerEmulator e = current;
        if (e == null) {
            throw new IllegalStateException("the emulator runs only while the test class runs");
        }
        return e;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfAbsent(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopOwned(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startIfAbsent(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopOwned(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TokenServerEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TokenServerEmulator e = startIfAbsent(extensionContext);
        if (e == null) {
            throw new ParameterResolutionException("no TokenServerEmulator is running");
        }
        return e;
    }

    /** Finds the emulator in this or an enclosing context, or starts one owned by this context. */
    private TokenServerEmulator startIfAbsent(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(namespace);
        TokenServerEmulator existing = store.get(KEY, TokenServerEmulator.class);
        if (existing != null) {
            return existing;
        }
        TokenServerEmulator started = builder.build().start();
        store.put(KEY, started);
        current = started;
        return started;
    }

    /** Closes the emulator if this very context started it. */
    private void stopOwned(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(namespace);
        TokenServerEmulator owned = store.remove(KEY, TokenServerEmulator.class);
        if (owned != null) {
            if (current == owned) {
                current = null;
            }
            owned.close();
        }
    }
}
