package dev.commerceauth.core;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link TokenStore} that several processes can use to coordinate their refreshes, so that a
 * fleet makes one token request per refresh cycle instead of one per process: before calling the
 * token endpoint a process takes a short {@linkplain #tryLease(String, Duration) lease} on the key;
 * the holder requests the token and {@linkplain #putIfLeaseHeld(String, StoreLease, AccessToken)
 * writes it under its lease}; the others wait and adopt the token from the store.
 *
 * <h2>Versions</h2>
 * Every successful write ({@link #put(String, AccessToken)} and
 * {@link #putIfLeaseHeld(String, StoreLease, AccessToken)}) gives the stored token a new
 * <em>version</em> that the store assigns from a counter of its own: it is greater than every version
 * the store assigned to that key before, and it is never derived from a clock, so that "which token
 * is newer" does not depend on the clocks of different hosts. {@link #getVersioned(String)} reads a
 * token together with its version in one atomic step. Removing a token assigns no version. A store
 * that loses its data (a Redis restarted empty, a key evicted under memory pressure) may count
 * again from a lower number: callers should treat a version <em>different</em> from the one they
 * read as "the entry changed" rather than rely on the order across such a loss. Fencing (below)
 * does not depend on the order either.
 *
 * <h2>Leases</h2>
 * A lease is granted by {@link #tryLease(String, Duration)}, atomically: at any moment at most one
 * lease per key is live across every process using the same store. It ends, whichever comes
 * first, when its holder {@linkplain #release(String, StoreLease) releases} it, or when its time to
 * live has passed on the store's own clock, without any action of the holder: a holder that is
 * killed ({@code kill -9}) or stalls loses its lease after the time to live, and another process
 * can then take one. Leases are not reentrant (a holder asking again gets nothing until its own
 * lease ends) and cannot be extended. Each lease carries a random owner id and a <em>fencing
 * number</em> that is greater than the fencing numbers of every earlier lease on the key (with the
 * same caveat on data loss as versions).
 *
 * <h2>Fencing</h2>
 * {@link #putIfLeaseHeld(String, StoreLease, AccessToken)} checks and writes in one atomic step:
 * it writes only while the given lease is still the key's live lease (same owner id and fencing
 * number, not expired on the store's clock). A stale holder, whose lease expired or was followed by
 * another process's lease, can therefore never overwrite a newer token, however late its write
 * arrives. A holder cannot know exactly when the store ends its lease (its own clock and network
 * delay differ), so it must treat an empty answer as "lost the lease" and re-read the store.
 *
 * <h2>Thread-safety and failures</h2>
 * Implementations are thread-safe. A {@link StoreLease} belongs to no thread: any thread that has
 * the object may write under it or release it. Each call is atomic as described above; nothing is
 * atomic across calls. A store that cannot reach its backend throws an unchecked exception (a
 * {@link TokenException} subclass for the stores of this SDK), within a bounded time that the
 * implementation documents; it never blocks indefinitely.
 *
 * <p>Plain {@link #get(String)}, {@link #put(String, AccessToken)}, {@link #remove(String)} and
 * {@link #remove(String, AccessToken)} keep the meaning {@link TokenStore} gives them;
 * implementations make {@link #remove(String, AccessToken)} atomic. {@link #get(String)} returns
 * the token of {@link #getVersioned(String)}.
 */
public interface CoordinatedTokenStore extends TokenStore {

    /**
     * Returns the token stored under {@code key} together with its version, read in one atomic
     * step.
     *
     * @param key a key from {@link TokenStore#key(String, Grant, String)}
     * @return the token and its version, or empty if there is none
     */
    Optional<VersionedToken> getVersioned(String key);

    /**
     * Tries to take the lease on {@code key}, atomically: succeeds only if no other lease on the key
     * is live. The lease ends by itself {@code ttl} after the store granted it, unless
     * {@linkplain #release(String, StoreLease) released} earlier. Never waits for a lease held by
     * someone else.
     *
     * @param key a key from {@link TokenStore#key(String, Grant, String)}
     * @param ttl how long the lease lives at most; positive, at least one millisecond
     * @return the lease, with a new random owner id and a new fencing number; empty while another
     *     lease on the key is live (including one held by the caller itself)
     * @throws IllegalArgumentException if {@code ttl} is shorter than one millisecond
     */
    Optional<StoreLease> tryLease(String key, Duration ttl);

    /**
     * Stores {@code token} under {@code key}, replacing any previous one, only if {@code lease} is
     * still the key's live lease: check and write are one atomic step. A lease that expired,
     * was released or was followed by another lease writes nothing. The lease stays held after a
     * successful write (release it when done).
     *
     * @param key a key from {@link TokenStore#key(String, Grant, String)}
     * @param lease a lease from {@link #tryLease(String, Duration)} on the same key
     * @param token the token
     * @return the new version of the stored token, or empty if the lease is no longer held and
     *     nothing was written
     * @throws IllegalArgumentException if the lease was granted for another key
     */
    OptionalLong putIfLeaseHeld(String key, StoreLease lease, AccessToken token);

    /**
     * Ends {@code lease} early, atomically and only if it is still the key's live lease (compare
     * and delete): releasing a lease that already expired never ends the lease of another holder.
     *
     * @param key a key from {@link TokenStore#key(String, Grant, String)}
     * @param lease a lease from {@link #tryLease(String, Duration)} on the same key
     * @return whether the lease was live and is now released
     * @throws IllegalArgumentException if the lease was granted for another key
     */
    boolean release(String key, StoreLease lease);

    /**
     * Returns a new store that keeps tokens, versions and leases in this process's memory; share one
     * instance between providers to share their tokens. Leases expire on a monotonic clock (not the
     * wall clock); versions and fencing numbers come from one counter of the store.
     *
     * @return an empty in-memory store, the same kind as {@link TokenStore#inMemory()}
     */
    static CoordinatedTokenStore inMemory() {
        return new InMemoryTokenStore();
    }
}
