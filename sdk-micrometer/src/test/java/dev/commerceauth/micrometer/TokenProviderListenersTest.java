package dev.commerceauth.micrometer;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProviderListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class TokenProviderListenersTest {

    private static final AccessToken TOKEN = AccessToken.builder().value("a-token-value-0123456789")
            .tokenType("Bearer").issuedAt(Instant.EPOCH).expiresAt(Instant.EPOCH.plusSeconds(60)).build();

    @Test
    void passesEveryEventToEachListenerInOrderEvenWhenOneThrows() {
        TokenProviderListener first = mock(TokenProviderListener.class);
        TokenProviderListener second = mock(TokenProviderListener.class);
        RuntimeException error = new IllegalStateException("boom");
        doThrow(error).when(first).fetched(TOKEN);
        doThrow(error).when(first).refreshed(TOKEN, TOKEN);
        doThrow(error).when(first).servedWhileRefreshing(TOKEN);
        TokenProviderListener both = TokenProviderListeners.of(first, second);
        RuntimeException failure = new RuntimeException("endpoint down");

        both.fetched(TOKEN);
        both.refreshed(TOKEN, TOKEN);
        both.refreshFailed(failure, Duration.ofSeconds(1), true);
        both.invalidated(TOKEN);
        both.servedWhileRefreshing(TOKEN);

        InOrder order = inOrder(first, second);
        order.verify(first).fetched(TOKEN);
        order.verify(second).fetched(TOKEN);
        order.verify(first).refreshed(TOKEN, TOKEN);
        order.verify(second).refreshed(TOKEN, TOKEN);
        order.verify(first).refreshFailed(failure, Duration.ofSeconds(1), true);
        order.verify(second).refreshFailed(failure, Duration.ofSeconds(1), true);
        order.verify(first).invalidated(TOKEN);
        order.verify(second).invalidated(TOKEN);
        order.verify(first).servedWhileRefreshing(TOKEN);
        order.verify(second).servedWhileRefreshing(TOKEN);
    }

    @Test
    void oneListenerIsItselfAndNullIsRefused() {
        TokenProviderListener only = TokenProviderListener.logging();
        assertSame(only, TokenProviderListeners.of(only));
        assertThrows(NullPointerException.class, () -> TokenProviderListeners.of(only, null));
        assertThrows(NullPointerException.class, () -> TokenProviderListeners.of(Arrays.asList(only, null)));
    }
}
