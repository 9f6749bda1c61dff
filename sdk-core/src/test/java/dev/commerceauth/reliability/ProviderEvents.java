package dev.commerceauth.reliability;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.TokenProviderListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A {@link TokenProviderListener} that records what a provider reports, in order, each event with
 * the provider clock's time at which the listener heard it; tests wait for events instead of
 * sleeping. {@code servedWhileRefreshing}, which can fire on every call, is only counted.
 */
final class ProviderEvents implements TokenProviderListener {

    enum Kind { FETCHED, REFRESHED, FAILED, INVALIDATED }

    /** One event. Immutable. */
    static final class Event {
        final Kind kind;
        /** The provider clock when the listener was called (epoch millis). */
        final long at;
        /** FETCHED, INVALIDATED: the token; REFRESHED: the new token. */
        final AccessToken token;
        /** REFRESHED: the token served until then. */
        final AccessToken previous;
        /** FAILED: the failure, its backoff and whether callers kept getting the previous token. */
        final RuntimeException error;
        final Duration nextAttemptIn;
        final boolean tokenStillServed;
        /** The thread the listener was called on. */
        final String thread = Thread.currentThread().getName();

        Event(Kind kind, long at, AccessToken token, AccessToken previous, RuntimeException error,
                Duration nextAttemptIn, boolean tokenStillServed) {
            this.kind = kind;
            this.at = at;
            this.token = token;
            this.previous = previous;
            this.error = error;
            this.nextAttemptIn = nextAttemptIn;
            this.tokenStillServed = tokenStillServed;
        }

        @Override
        public String toString() {
            return kind + "@" + at + " on " + thread + (error == null ? "" : " " + error.getClass().getSimpleName()
                    + " next in " + nextAttemptIn.toMillis() + " ms" + (tokenStillServed ? ", still served" : ", not served"));
        }
    }

    private final Clock clock;
    private final TokenProviderListener delegate;
    private final List<Event> events = new ArrayList<>();
    private final LongAdder servedWhileRefreshing = new LongAdder();

    ProviderEvents(Clock clock) {
        this(clock, new TokenProviderListener() {
        });
    }

    /** Records the events and passes each on to {@code delegate} (for example the default logging listener). */
    ProviderEvents(Clock clock, TokenProviderListener delegate) {
        this.clock = clock;
        this.delegate = delegate;
    }

    @Override
    public void fetched(AccessToken token) {
        delegate.fetched(token);
        add(new Event(Kind.FETCHED, clock.millis(), token, null, null, null, false));
    }

    @Override
    public void refreshed(AccessToken previous, AccessToken current) {
        delegate.refreshed(previous, current);
        add(new Event(Kind.REFRESHED, clock.millis(), current, previous, null, null, true));
    }

    @Override
    public void refreshFailed(RuntimeException error, Duration nextAttemptIn, boolean tokenStillServed) {
        delegate.refreshFailed(error, nextAttemptIn, tokenStillServed);
        add(new Event(Kind.FAILED, clock.millis(), null, null, error, nextAttemptIn, tokenStillServed));
    }

    @Override
    public void invalidated(AccessToken token) {
        delegate.invalidated(token);
        add(new Event(Kind.INVALIDATED, clock.millis(), token, null, null, null, false));
    }

    @Override
    public void servedWhileRefreshing(AccessToken token) {
        delegate.servedWhileRefreshing(token);
        servedWhileRefreshing.increment();
    }

    private synchronized void add(Event e) {
        events.add(e);
        notifyAll();
    }

    synchronized List<Event> all() {
        return new ArrayList<>(events);
    }

    synchronized long count(Kind kind) {
        return events.stream().filter(e -> e.kind == kind).count();
    }

    long servedWhileRefreshing() {
        return servedWhileRefreshing.sum();
    }

    /** The last event of {@code kind}; fails when there is none. */
    synchronized Event last(Kind kind) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).kind == kind) {
                return events.get(i);
            }
        }
        throw new AssertionError("no " + kind + " event in " + events);
    }

    /** Waits (at most 10 s, real time) until {@code n} events of {@code kind} were heard. */
    Event await(Kind kind, int n) {
        return await(kind, n, null);
    }

    /**
     * Waits until {@code n} events of {@code kind} were heard, running {@code poke} between looks
     * (for example a {@code token()} call that starts the next refresh ahead once the previous one
     * has let go of the provider's flight slot); at most 10 s of real time. Returns the n-th event.
     */
    Event await(Kind kind, int n, Runnable poke) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (;;) {
            synchronized (this) {
                List<Event> matching = matching(e -> e.kind == kind);
                if (matching.size() >= n) {
                    return matching.get(n - 1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited 10 s for " + n + " " + kind + " event(s); heard " + events);
                }
                if (poke == null) {
                    try {
                        wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                    continue;
                }
            }
            poke.run();
            synchronized (this) {
                try {
                    wait(1); // woken at once by the next event; the poke is repeated otherwise
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private List<Event> matching(Predicate<Event> p) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (p.test(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
