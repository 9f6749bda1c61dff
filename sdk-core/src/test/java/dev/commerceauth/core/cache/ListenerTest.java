package dev.commerceauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.TokenProviderListener;
import dev.commerceauth.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class ListenerTest extends CacheTestSupport {

    @Test
    void reportsFetchesRefreshesFailuresAndInvalidations() throws Exception {
        TokenProviderListener listener = mock(TokenProviderListener.class);
        server.expiresIn = 600;
        try (CachingTokenProvider tokens = provider().listener(listener).build()) {
            AccessToken first = tokens.token();
            verify(listener).fetched(first);

            clock.advanceSeconds(520);
            assertEquals(first, tokens.token());
            settle();
            verify(listener, atLeastOnce()).servedWhileRefreshing(first);
            AccessToken second = tokens.token();
            verify(listener).refreshed(first, second);

            tokens.invalidate(second);
            verify(listener).invalidated(second);
            tokens.invalidate(second); // already gone: no second event
            verify(listener).invalidated(second);

            server.failWith(503, "server_error");
            assertThrows(OAuthErrorException.class, tokens::token);
            verify(listener).refreshFailed(argThat(e -> e instanceof OAuthErrorException o && o.httpStatus() == 503),
                    argThat(d -> !d.isNegative() && d.compareTo(Duration.ofSeconds(1)) <= 0), eq(false));

            server.recover();
            clock.advanceSeconds(2);
            AccessToken third = tokens.token();
            verify(listener).fetched(third);
            clock.advanceSeconds(520);
            server.failWith(502, "bad_gateway");
            tokens.token();
            settle();
            verify(listener).refreshFailed(any(OAuthErrorException.class), any(Duration.class), eq(true));
            verify(listener, never()).refreshed(eq(third), any());
        }
    }

    @Test
    void aThrowingListenerDoesNotBreakTheProvider() {
        TokenProviderListener listener = mock(TokenProviderListener.class);
        doThrow(new IllegalStateException("listener bug")).when(listener).fetched(any());
        doThrow(new IllegalStateException("listener bug")).when(listener)
                .refreshFailed(any(), any(), anyBoolean());
        try (CachingTokenProvider tokens = provider().listener(listener).build()) {
            assertEquals("at-1", tokens.token().value());
            verify(listener).fetched(any());
            verifyNoMoreInteractions(listener);
        }
    }

    @Test
    void theDefaultListenerLogsAtFineWithMaskedTokens() throws Exception {
        server.tokenPrefix = "eyJhbGciOiJSUzI1NiJ9.very-secret-access-token-";
        List<String> messages;
        try (LogCapture log = LogCapture.of("dev.commerceauth.core.TokenProvider", Level.FINE)) {
            try (CachingTokenProvider tokens = CachingTokenProvider.builder(client, PASSWORD).executor(executor).build()) {
                AccessToken t = tokens.token();
                tokens.invalidate(t);
                server.failWith(503, "server_error");
                assertThrows(OAuthErrorException.class, tokens::token);
            }
            messages = log.messages();
        }
        assertTrue(messages.size() >= 3, messages.toString());
        assertTrue(messages.stream().allMatch(m -> m.startsWith("FINE")), messages.toString());
        for (String m : messages) {
            assertFalse(m.contains("very-secret-access-token"), m);
            assertFalse(m.contains("rt-1"), m);
            assertFalse(m.contains("alice-password"), m);
        }
    }
}
