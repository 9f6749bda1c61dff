package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.TransportException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An executor that rejects the request never makes the caller run it inline (review finding: the
 * caller then blocked for the whole request, ignoring the wait timeout).
 */
class ExecutorRejectionTest extends CacheTestSupport {

    private final AtomicBoolean saturated = new AtomicBoolean(true);

    private final Executor sometimesSaturated = task -> {
        if (saturated.get()) {
            throw new RejectedExecutionException("saturated");
        }
        executor.execute(task);
    };

    @Test
    void aRejectedRequestFailsTheCallerAtOnceAndIsNeverRunOnItsThread() throws Exception {
        // a 10 s wait timeout: the rejection must not wait for it, let alone run the request inline
        try (CachingTokenProvider tokens = provider().executor(sometimesSaturated).build()) {
            TransportException e = assertThrows(TransportException.class, tokens::token);
            assertFalse(e.isTimeout());
            assertTrue(e.getMessage().contains("rejected"), e.getMessage());
            // the caller's own exception; its cause is the flight's failure, caused by the rejection (issue 13 item 9)
            assertInstanceOf(RejectedExecutionException.class, e.getCause().getCause());
            assertEquals(0, server.requests.get(), "the request did not run on the caller's thread");

            saturated.set(false); // the flight slot was cleared: the next call tries again
            assertEquals("at-1", tokens.token().value());
            assertEquals(1, server.requests.get());
        }
    }

    @Test
    void aRejectedRefreshAheadKeepsServingTheTokenAndIsRetriedByALaterCall() throws Exception {
        server.expiresIn = 600;
        saturated.set(false);
        try (CachingTokenProvider tokens = provider().executor(sometimesSaturated).build()) {
            AccessToken first = tokens.token();
            saturated.set(true);
            clock.advanceSeconds(520); // soft zone
            assertEquals(first, tokens.token());
            assertEquals(first, tokens.token());
            assertEquals(1, server.requests.get());

            saturated.set(false);
            assertEquals(first, tokens.token()); // starts the refresh ahead
            settle();
            assertEquals("at-2", tokens.token().value());
            assertEquals(2, server.requests.get());
        }
    }
}
