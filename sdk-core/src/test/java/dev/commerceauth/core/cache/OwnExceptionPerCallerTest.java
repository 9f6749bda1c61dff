package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TokenVerificationException;
import dev.commerceauth.core.TransportException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 item 9: every caller gets an exception of its own (its own stack trace, cause = the one shared
 * failure), as {@code CompletableFuture.join} does, so that no caller's {@code addSuppressed} (or anything else it
 * does to its exception) reaches the others; every accessor of the SDK's exceptions stays equal.
 */
class OwnExceptionPerCallerTest extends CacheTestSupport {

    private static final int CALLERS = 48;

    /** Marks the callers' own frames in their stack traces. */
    private static Object callerFrame(CachingTokenProvider tokens) {
        try {
            return tokens.token();
        } catch (RuntimeException e) {
            e.addSuppressed(new IllegalStateException("added by " + Thread.currentThread().getName()));
            return e;
        }
    }

    @Test
    void manyWaitingCallersEachGetTheirOwnExceptionWithTheirOwnStackTrace() throws Exception {
        server.failure = p -> TokenServer.error(503, "temporarily_unavailable");
        server.hold = new CountDownLatch(1);
        try (CachingTokenProvider tokens = sharedProvider(CLIENT_CREDENTIALS).build()) {
            List<Object> outcomes = concurrently(CALLERS, () -> callerFrame(tokens), () -> server.hold.countDown());
            assertEquals(1, server.requests.get(), "one request for all the callers");
            Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            Throwable shared = null;
            for (Object o : outcomes) {
                OAuthErrorException e = assertInstanceOf(OAuthErrorException.class, o);
                assertSame(OAuthErrorException.class, e.getClass());
                assertTrue(distinct.add(e), "a caller got another caller's exception object");
                assertNotNull(e.getCause(), "the shared failure is the cause");
                if (shared == null) {
                    shared = e.getCause();
                }
                assertSame(shared, e.getCause(), "the cause is the one shared failure");
                assertEquals(503, e.httpStatus());
                assertEquals("temporarily_unavailable", e.error());
                assertTrue(e.isRetryable());
                assertEquals(shared.getMessage(), e.getMessage());
                assertEquals(1, e.getSuppressed().length, "only this caller's own suppressed exception");
                assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName().equals("callerFrame")),
                        "the stack trace is the caller's");
                assertFalse(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().contains("TokenCache$Requests")),
                        "not the request thread's");
            }
            assertEquals(CALLERS, distinct.size());
            OAuthErrorException cause = assertInstanceOf(OAuthErrorException.class, shared);
            assertEquals(0, cause.getSuppressed().length, "no caller mutated the shared failure");
            assertTrue(Arrays.stream(cause.getStackTrace()).noneMatch(f -> f.getMethodName().equals("callerFrame")));

            // callers during the backoff get the same failure, each in an exception of their own too
            List<Object> later = concurrently(CALLERS, () -> callerFrame(tokens), null);
            assertEquals(1, server.requests.get(), "no request inside the backoff");
            for (Object o : later) {
                OAuthErrorException e = assertInstanceOf(OAuthErrorException.class, o);
                assertTrue(distinct.add(e));
                assertSame(shared, e.getCause());
            }
            assertEquals(0, cause.getSuppressed().length);
        }
    }

    /** Each of the SDK's exceptions as the client throws it, and how to compare a copy with it. */
    static Stream<Arguments> sdkExceptions() {
        IOException io = new SocketTimeoutException("read timed out");
        return Stream.of(
                Arguments.of(new OAuthErrorException("rejected", 401, "invalid_client", "bad secret", "UNAUTHORIZED",
                        "Unauthorized", "{\"error\":\"invalid_client\"}")),
                Arguments.of(new RateLimitedException("slow down", 429, "too_many_requests", "wait", "FRAMEWORK__AUTH_THROTTLED",
                        "Throttled", "{}", Duration.ofSeconds(7))),
                Arguments.of(new RateLimitedException("slow down", 429, "too_many_requests", null, null, null, null, null)),
                Arguments.of(new TransportException("timed out", io, true)),
                Arguments.of(new TransportException("refused", null, false)),
                Arguments.of(new InvalidResponseException("html page", 502, new IllegalStateException("parse"))),
                Arguments.of(new InvalidResponseException("no token", 200)),
                Arguments.of(new TokenVerificationException("bad signature")),
                Arguments.of(new TokenException("something else")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sdkExceptions")
    void eachSdkExceptionIsCopiedAsItsOwnClassWithEveryAccessorEqual(TokenException thrown) throws Exception {
        StubTokenClient stub = new StubTokenClient(clock, g -> {
            throw thrown;
        });
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(stub, CLIENT_CREDENTIALS).executor(executor).build()) {
            TokenException first = assertThrows(TokenException.class, tokens::token);
            TokenException second = assertThrows(TokenException.class, tokens::token); // from the backoff
            for (TokenException copy : List.of(first, second)) {
                assertNotSame(thrown, copy);
                assertSame(thrown, copy.getCause());
                assertSameAccessors(thrown, copy);
            }
            assertNotSame(first, second);
            assertEquals(1, stub.requests.get());
        }
    }

    static void assertSameAccessors(TokenException expected, TokenException actual) {
        assertSame(expected.getClass(), actual.getClass());
        assertEquals(expected.getMessage(), actual.getMessage());
        assertEquals(expected.isRetryable(), actual.isRetryable());
        if (expected instanceof OAuthErrorException o) {
            OAuthErrorException c = (OAuthErrorException) actual;
            assertEquals(o.httpStatus(), c.httpStatus());
            assertEquals(o.error(), c.error());
            assertEquals(o.errorDescription(), c.errorDescription());
            assertEquals(o.providerCode(), c.providerCode());
            assertEquals(o.title(), c.title());
            assertEquals(o.responseBody(), c.responseBody());
            assertEquals(o.isInvalidClient(), c.isInvalidClient());
            assertEquals(o.isInvalidGrant(), c.isInvalidGrant());
            assertEquals(o.isPermanent(), c.isPermanent());
        }
        if (expected instanceof RateLimitedException r) {
            assertEquals(r.retryAfter(), ((RateLimitedException) actual).retryAfter());
        }
        if (expected instanceof TransportException t) {
            assertEquals(t.isTimeout(), ((TransportException) actual).isTimeout());
        }
        if (expected instanceof InvalidResponseException i) {
            assertEquals(i.httpStatus(), ((InvalidResponseException) actual).httpStatus());
        }
    }

    @Test
    void theReauthorizeErrorIsCopiedToo() throws Exception {
        RefreshTokenGrant grant = RefreshTokenGrant.builder().clientId("administration").refreshToken("rt-unknown").build();
        try (CachingTokenProvider tokens = provider(grant).build()) {
            OAuthErrorException first = assertThrows(OAuthErrorException.class, tokens::token);
            OAuthErrorException second = assertThrows(OAuthErrorException.class, tokens::token);
            assertTrue(first.getMessage().contains("re-authorize"), first.getMessage());
            assertNotSame(first, second);
            OAuthErrorException shared = assertInstanceOf(OAuthErrorException.class, first.getCause());
            assertSame(shared, second.getCause());
            assertSameAccessors(shared, first);
            assertSameAccessors(shared, second);
            assertEquals(400, first.httpStatus());
            assertTrue(first.isInvalidGrant());
            assertEquals(1, server.requests.get());
        }
    }

    /** A client's own subclass of an SDK exception. */
    static final class ThirdPartyException extends OAuthErrorException {
        private static final long serialVersionUID = 1L;

        ThirdPartyException() {
            super("third party", 401, "invalid_client", null, null, null, null);
        }
    }

    @Test
    void aThirdPartySubclassIsCopiedAsItsNearestSdkClass() throws Exception {
        ThirdPartyException thrown = new ThirdPartyException();
        StubTokenClient stub = new StubTokenClient(clock, g -> {
            throw thrown;
        });
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(stub, CLIENT_CREDENTIALS).executor(executor).build()) {
            OAuthErrorException copy = assertThrows(OAuthErrorException.class, tokens::token);
            assertSame(OAuthErrorException.class, copy.getClass());
            assertSame(thrown, copy.getCause());
            assertEquals("invalid_client", copy.error());
            assertEquals(401, copy.httpStatus());
        }
    }

    /**
     * What is not an SDK exception (a bug in a client, an Error, a checked exception thrown sneakily) reaches each
     * caller as a TokenException of its own, the original as the cause, as documented on CachingTokenProvider.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignFailures")
    void aFailureThatIsNoSdkExceptionReachesEachCallerAsATokenExceptionOfItsOwn(String name,
            Function<Grant, Throwable> failure) throws Exception {
        Throwable[] original = new Throwable[1];
        StubTokenClient stub = new StubTokenClient(clock, g -> {
            original[0] = failure.apply(g);
            OwnExceptionPerCallerTest.<RuntimeException>sneaky(original[0]);
            return null;
        });
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.commerceauth");
        java.util.logging.Level old = log.getLevel();
        log.setLevel(java.util.logging.Level.OFF);
        try (CachingTokenProvider tokens = CachingTokenProvider.builder(stub, CLIENT_CREDENTIALS).executor(executor).build()) {
            TokenException first = assertThrows(TokenException.class, tokens::token);
            TokenException second = assertThrows(TokenException.class, tokens::token);
            assertSame(TokenException.class, first.getClass(), name);
            assertNotSame(first, second);
            assertTrue(first.getMessage().startsWith("Unexpected failure while requesting a token: "
                    + original[0].getClass().getName()), first.getMessage());
            Throwable root = first;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertSame(original[0], root, "the original failure is in the cause chain");
            assertEquals(1, stub.requests.get());
        } finally {
            log.setLevel(old);
        }
    }

    static Stream<Arguments> foreignFailures() {
        return Stream.of(
                Arguments.of("IllegalArgumentException", (Function<Grant, Throwable>) g -> new IllegalArgumentException("bug")),
                Arguments.of("NullPointerException", (Function<Grant, Throwable>) g -> new NullPointerException()),
                Arguments.of("AssertionError", (Function<Grant, Throwable>) g -> new AssertionError("broken invariant")),
                Arguments.of("checked IOException", (Function<Grant, Throwable>) g -> new IOException("checked")));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
