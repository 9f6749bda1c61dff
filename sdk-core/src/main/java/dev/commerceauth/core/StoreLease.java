package dev.commerceauth.core;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * A lease on one key of a {@link CoordinatedTokenStore}, as {@link
 * CoordinatedTokenStore#tryLease(String, Duration)} granted it: the key, a random owner id, the
 * fencing number and the time to live that was asked for. The object only identifies the lease;
 * whether it is still live is known to the store alone (see {@link CoordinatedTokenStore}).
 * Immutable; {@link #toString()} shows the beginning of the owner id only.
 */
public final class StoreLease {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String key;
    private final String owner;
    private final long fence;
    private final Duration ttl;

    private StoreLease(String key, String owner, long fence, Duration ttl) {
        this.key = key;
        this.owner = owner;
        this.fence = fence;
        this.ttl = ttl;
    }

    /**
     * A fresh owner id for {@link #of(String, String, long, Duration)}: 128 random bits from a
     * {@link SecureRandom}, as 32 lower-case hexadecimal digits (for implementations of
     * {@link CoordinatedTokenStore}).
     *
     * @return a new owner id
     */
    public static String newOwner() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Hex.append(new StringBuilder(32), bytes).toString();
    }

    /**
     * Creates a lease (for implementations of {@link CoordinatedTokenStore}).
     *
     * @param key the key the lease is on
     * @param owner the random owner id, at least 16 characters of letters, digits, {@code -} or
     *     {@code _}
     * @param fence the fencing number, positive
     * @param ttl the time to live the lease was granted for, positive
     * @return the lease
     * @throws IllegalArgumentException if a value is out of range
     */
    public static StoreLease of(String key, String owner, long fence, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ttl, "ttl");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (owner.length() < 16 || !owner.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("owner must be at least 16 letters, digits, '-' or '_'");
        }
        if (fence <= 0) {
            throw new IllegalArgumentException("fence must be positive, not " + fence);
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        return new StoreLease(key, owner, fence, ttl);
    }

    /**
     * The key the lease is on.
     *
     * @return the store key
     */
    public String key() {
        return key;
    }

    /**
     * The random id that tells this lease from every other lease on the key.
     *
     * @return the owner id
     */
    public String owner() {
        return owner;
    }

    /**
     * The fencing number: greater than the fencing number of every earlier lease on the key (see
     * {@link CoordinatedTokenStore} for the caveat on a store that lost its data).
     *
     * @return the fencing number, positive
     */
    public long fence() {
        return fence;
    }

    /**
     * The time to live the lease was granted for; it counts from the moment the store granted it,
     * which is somewhat before the caller received the lease.
     *
     * @return the time to live
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Leases are equal when key, owner, fencing number and time to live are.
     *
     * @param o the other object
     * @return whether {@code o} is the same lease
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StoreLease)) {
            return false;
        }
        StoreLease l = (StoreLease) o;
        return fence == l.fence && key.equals(l.key) && owner.equals(l.owner) && ttl.equals(l.ttl);
    }

    /**
     * Hash code of all fields.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(key, owner, fence, ttl);
    }

    /**
     * A description with the owner id shortened.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "StoreLease{key=" + key + ", fence=" + fence + ", owner=" + owner.substring(0, 6) + "\u2026, ttl="
                + ttl + '}';
    }
}
