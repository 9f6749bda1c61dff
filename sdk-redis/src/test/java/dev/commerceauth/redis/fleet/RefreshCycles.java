package dev.commerceauth.redis.fleet;

import dev.commerceauth.core.internal.cache.RefreshPolicy;
import java.time.Duration;

/**
 * How many token requests one process makes at most in a window, from the token lifetime and the
 * provider's default margins: the bound the fleet tests hold a whole fleet to.
 *
 * <p>A token requested at {@code sent} expires at {@code min(sent + expires_in, exp)}; the emulator's
 * {@code exp} is whole seconds, so the lifetime {@code L} is more than {@code expires_in - 1 s}. The
 * next request starts no earlier than the soft margin, {@code expiresAt - soft(L)}, so consecutive
 * requests of one process (without failures) are more than {@code L - soft(L)} apart, shortest for
 * the shortest {@code L}: the <em>minimum cycle</em>. In a window of {@code W} a process makes at most
 * {@code 1 + floor(W / minCycle)} requests: that is "one request per refresh cycle"; the issue allows
 * the fleet one more.
 */
final class RefreshCycles {

    private final long minCycleMillis;

    RefreshCycles(Duration expiresIn) {
        long shortestLifetime = expiresIn.toMillis() - 1_000;
        this.minCycleMillis = shortestLifetime - RefreshPolicy.defaults().softMarginMillis(shortestLifetime);
    }

    long minCycleMillis() {
        return minCycleMillis;
    }

    /** The most requests one process makes in {@code windowMillis}: one per refresh cycle. */
    long onePerCycle(long windowMillis) {
        return 1 + windowMillis / minCycleMillis;
    }
}
