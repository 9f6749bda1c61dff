package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.TokenException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cache's memory of failed requests: the last failure, when the next request may be sent, and
 * whether callers who need a token get that failure at once meanwhile. Only the single request in
 * flight records failures; any thread reads them.
 */
final class FailureState {

    private final RefreshPolicy policy;
    /** The last failure and the backoff after it, until a request succeeds; null when none. */
    private final AtomicReference<Failure> last = new AtomicReference<>();
    /** Consecutive failures; written only by the single request in flight. */
    private volatile int consecutive;

    FailureState(RefreshPolicy policy) {
        this.policy = policy;
    }

    /** Whether the backoff after the last failure is still running at {@code now}. */
    boolean inBackoff(long now) {
        Failure f = last.get();
        return f != null && now < f.retryAt;
    }

    /**
     * The failure to throw at once to a caller without a usable token: the last one while its
     * backoff runs, if callers saw it (or it is a rate-limit wait); else null.
     */
    RuntimeException servable(long now) {
        Failure f = last.get();
        return f != null && f.servable && now < f.retryAt ? f.error : null;
    }

    /** A request succeeded: no backoff, the count starts again. */
    void succeeded() {
        consecutive = 0;
        last.set(null);
    }

    /**
     * Counts a failure and returns the delay before the next request: the jittered backoff, or the
     * server's bounded rate-limit wait; after the same token came back, at least the minimum
     * refresh interval.
     */
    long countAndDelay(RuntimeException error, boolean sameToken) {
        int failures = consecutive + 1;
        consecutive = failures;
        long delay = policy.backoffMillis(failures);
        if (error instanceof RateLimitedException) {
            Duration retryAfter = ((RateLimitedException) error).retryAfter().orElse(null);
            if (retryAfter != null && !retryAfter.isZero()) {
                delay = policy.rateLimitWaitMillis(retryAfter.toMillis());
            }
        }
        if (sameToken) {
            // The server handed back the token we already had: asking again sooner is pointless.
            delay = Math.max(delay, policy.minRefreshIntervalMillis());
        }
        return delay;
    }

    /**
     * Remembers {@code error} until {@code retryAt}. A failure nobody waited for (the token was
     * still served) is not thrown later, except a server's explicit rate-limit wait, which is
     * honoured: a caller who needs a token after it sends a request.
     */
    void record(RuntimeException error, long retryAt, boolean stillServed) {
        last.set(new Failure(error, retryAt, !stillServed || error instanceof RateLimitedException));
    }

    /** Forgets a failure that callers never saw, so that the next caller sends a request. */
    void forgetUnseen() {
        Failure f = last.get();
        if (f != null && !f.servable) {
            last.compareAndSet(f, null);
        }
    }

    /**
     * Whether {@code error} is a verdict on these credentials, the only failure that drops a token
     * that is still usable: an {@link OAuthErrorException} (not a {@link RateLimitedException})
     * whose {@linkplain OAuthErrorException#error() error} is on the allow-list
     * {@link #CREDENTIAL_VERDICTS}. Shopware's credential codes arrive mapped to these ({@code 4} and
     * {@code FRAMEWORK__API_INVALID_ACCESS_KEY} to {@code invalid_client}, {@code 5} to
     * {@code invalid_scope}, {@code 6}, {@code 8} and {@code 10} to {@code invalid_grant}), whatever
     * the HTTP status (Shopware answers a malformed access key with 500). Everything else is not: an
     * error the answer does not name (a gateway's {@code 403 {"error":"blocked"}}, an unknown shape,
     * mapped to {@code invalid_request}), {@code access_denied}, {@code unsupported_grant_type}, a
     * server error (also one inside a 200), an unusable answer, a transport failure, and a failure
     * that is not a {@link TokenException} at all (a bug in a client, an {@code Error}, a checked
     * exception). The caller decides separately whether an {@code invalid_grant} was about the grant
     * itself or about a refresh token that {@code Renewal} handled (which is not a verdict).
     */
    static boolean isCredentialVerdict(RuntimeException error) {
        if (!(error instanceof OAuthErrorException) || error instanceof RateLimitedException) {
            return false;
        }
        return CREDENTIAL_VERDICTS.contains(((OAuthErrorException) error).error());
    }

    /** The OAuth 2.0 error codes that are a verdict on the credentials (RFC 6749 section 5.2). */
    static final List<String> CREDENTIAL_VERDICTS = Collections.unmodifiableList(
            Arrays.asList("invalid_client", "unauthorized_client", "invalid_grant", "invalid_scope"));

    /** The last failure, when the next request may be sent, and whether waiting callers get it. */
    private static final class Failure {
        final RuntimeException error;
        final long retryAt;
        final boolean servable;

        Failure(RuntimeException error, long retryAt, boolean servable) {
            this.error = error;
            this.retryAt = retryAt;
            this.servable = servable;
        }
    }
}
