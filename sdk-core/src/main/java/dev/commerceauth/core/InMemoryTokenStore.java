package dev.commerceauth.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default store: a concurrent map in this process, which also coordinates providers of this
 * process through leases (see {@link CoordinatedTokenStore}).
 *
 * <p>Each key maps to an immutable {@link Slot} (token, version, live lease), replaced through
 * {@link ConcurrentMap#compute}, so every operation on a key is atomic. Versions and fencing numbers
 * come from one counter of the store, so they keep growing even after a key's slot was dropped
 * (a slot without token and without live lease is removed, and memory stays bounded by the keys in
 * use). Leases expire on {@link #clock}, by default a monotonic clock built on
 * {@link System#nanoTime()}, so a wall-clock step never extends or ends a lease.
 */
final class InMemoryTokenStore implements CoordinatedTokenStore {


    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final Clock clock;

    InMemoryTokenStore() {
        this(new MonotonicClock());
    }

    /** For tests: leases expire on {@code clock}. */
    InMemoryTokenStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<AccessToken> get(String key) {
        Slot slot = slots.get(Objects.requireNonNull(key, "key"));
        return slot == null || slot.token == null ? Optional.<AccessToken>empty() : Optional.of(slot.token);
    }

    @Override
    public Optional<VersionedToken> getVersioned(String key) {
        Slot slot = slots.get(Objects.requireNonNull(key, "key"));
        return slot == null || slot.token == null
                ? Optional.<VersionedToken>empty()
                : Optional.of(VersionedToken.of(slot.token, slot.version));
    }

    @Override
    public void put(String key, AccessToken token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        long now = clock.millis();
        slots.compute(key, (k, slot) -> {
            Lease lease = slot == null ? null : slot.liveLease(now);
            return new Slot(token, counter.incrementAndGet(), lease);
        });
    }

    @Override
    public OptionalLong putIfLeaseHeld(String key, StoreLease lease, AccessToken token) {
        checkLease(key, lease);
        Objects.requireNonNull(token, "token");
        long now = clock.millis();
        long[] version = new long[1];
        slots.computeIfPresent(key, (k, slot) -> {
            Lease live = slot.liveLease(now);
            if (live == null || !live.is(lease)) {
                return slot.withoutDeadLease(now);
            }
            version[0] = counter.incrementAndGet();
            return new Slot(token, version[0], live);
        });
        return version[0] == 0 ? OptionalLong.empty() : OptionalLong.of(version[0]);
    }

    @Override
    public Optional<StoreLease> tryLease(String key, Duration ttl) {
        Objects.requireNonNull(key, "key");
        long ttlMillis = ttlMillis(ttl);
        long now = clock.millis();
        StoreLease[] granted = new StoreLease[1];
        slots.compute(key, (k, slot) -> {
            if (slot != null && slot.liveLease(now) != null) {
                return slot;
            }
            StoreLease lease = StoreLease.of(key, StoreLease.newOwner(), counter.incrementAndGet(), ttl);
            granted[0] = lease;
            Lease live = new Lease(lease.owner(), lease.fence(), saturatedAdd(now, ttlMillis));
            return slot == null ? new Slot(null, 0, live) : new Slot(slot.token, slot.version, live);
        });
        return Optional.ofNullable(granted[0]);
    }

    @Override
    public boolean release(String key, StoreLease lease) {
        checkLease(key, lease);
        long now = clock.millis();
        boolean[] released = new boolean[1];
        slots.computeIfPresent(key, (k, slot) -> {
            Lease live = slot.liveLease(now);
            if (live != null && live.is(lease)) {
                released[0] = true;
                return slot.token == null ? null : new Slot(slot.token, slot.version, null);
            }
            return slot.withoutDeadLease(now);
        });
        return released[0];
    }

    @Override
    public void remove(String key) {
        Objects.requireNonNull(key, "key");
        long now = clock.millis();
        slots.computeIfPresent(key, (k, slot) -> {
            Lease live = slot.liveLease(now);
            return live == null ? null : new Slot(null, 0, live);
        });
    }

    @Override
    public boolean remove(String key, AccessToken expected) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "expected");
        long now = clock.millis();
        boolean[] removed = new boolean[1];
        slots.computeIfPresent(key, (k, slot) -> {
            if (slot.token != null && slot.token.value().equals(expected.value())) {
                removed[0] = true;
                Lease live = slot.liveLease(now);
                return live == null ? null : new Slot(null, 0, live);
            }
            return slot;
        });
        return removed[0];
    }

    @Override
    public String toString() {
        int tokens = 0;
        for (Slot slot : slots.values()) {
            if (slot.token != null) {
                tokens++;
            }
        }
        return "InMemoryTokenStore{size=" + tokens + "}";
    }

    private static void checkLease(String key, StoreLease lease) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lease, "lease");
        if (!lease.key().equals(key)) {
            throw new IllegalArgumentException("the lease was granted for another key");
        }
    }

    static long ttlMillis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("ttl must be at least 1 ms, not " + ttl);
        }
        try {
            return ttl.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }


    /** What the store holds for one key; immutable. {@code token} and {@code lease} may be null. */
    private static final class Slot {
        final AccessToken token;
        final long version;
        final Lease lease;

        Slot(AccessToken token, long version, Lease lease) {
            this.token = token;
            this.version = version;
            this.lease = lease;
        }

        Lease liveLease(long now) {
            return lease != null && now < lease.expiresAtMillis ? lease : null;
        }

        /** This slot with an expired lease dropped; null (drop the slot) if nothing is left. */
        Slot withoutDeadLease(long now) {
            if (lease == null || liveLease(now) != null) {
                return this;
            }
            return token == null ? null : new Slot(token, version, null);
        }
    }

    /** A granted lease: owner, fence and when it ends on the store's clock. */
    private static final class Lease {
        final String owner;
        final long fence;
        final long expiresAtMillis;

        Lease(String owner, long fence, long expiresAtMillis) {
            this.owner = owner;
            this.fence = fence;
            this.expiresAtMillis = expiresAtMillis;
        }

        boolean is(StoreLease lease) {
            return fence == lease.fence() && owner.equals(lease.owner());
        }
    }

    /** A clock that never steps: the time of its creation plus the elapsed {@link System#nanoTime()}. */
    private static final class MonotonicClock extends Clock {
        private final long originMillis = System.currentTimeMillis();
        private final long originNanos = System.nanoTime();

        @Override
        public long millis() {
            return originMillis + (System.nanoTime() - originNanos) / 1_000_000L;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        /** The store reads {@link #millis()} only: the zone is ignored. */
        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
