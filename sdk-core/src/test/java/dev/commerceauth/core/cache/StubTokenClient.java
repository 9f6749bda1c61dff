package dev.commerceauth.core.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.TokenClient;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A TokenClient without HTTP, for pure cache logic: a function decides each answer. */
final class StubTokenClient implements TokenClient {

    final Clock clock;
    final Function<Grant, AccessToken> answer;
    final AtomicInteger requests = new AtomicInteger();
    volatile Thread lastThread;

    StubTokenClient(Clock clock, Function<Grant, AccessToken> answer) {
        this.clock = clock;
        this.answer = answer;
    }

    @Override
    public AccessToken requestToken(Grant grant) {
        requests.incrementAndGet();
        lastThread = Thread.currentThread();
        return answer.apply(grant);
    }

    @Override
    public void revoke(String token) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    static AccessToken token(String value, Instant issued, Instant expires) {
        return AccessToken.builder().value(value).issuedAt(issued).expiresAt(expires).build();
    }
}
