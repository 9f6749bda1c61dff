package dev.commerceauth.core.internal.cache;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The volatile field that holds a cache's current {@link CacheEntry}, owned by the object on the
 * hot path: {@code CachingTokenProvider} keeps the field itself, so that serving a fresh token reads
 * it without first loading the engine ({@link TokenCache}) it delegates the rest to, one dependent
 * load fewer per call. The engine reads and swaps the entry through this cell. Internal API: not
 * covered by compatibility guarantees.
 *
 * @param <H> the class that declares the field
 */
public final class EntryCell<H> {

    private final H holder;
    private final AtomicReferenceFieldUpdater<H, CacheEntry> field;

    private EntryCell(H holder, AtomicReferenceFieldUpdater<H, CacheEntry> field) {
        this.holder = holder;
        this.field = field;
    }

    /**
     * The cell for {@code holder}'s volatile {@code CacheEntry} field.
     *
     * @param holder the object that declares the field
     * @param field an updater the holder's class created for the field
     * @param <H> the holder's class
     * @return the cell
     */
    public static <H> EntryCell<H> of(H holder, AtomicReferenceFieldUpdater<H, CacheEntry> field) {
        return new EntryCell<>(Objects.requireNonNull(holder, "holder"), Objects.requireNonNull(field, "field"));
    }

    CacheEntry get() {
        return field.get(holder);
    }

    void set(CacheEntry entry) {
        field.set(holder, entry);
    }

    boolean compareAndSet(CacheEntry expected, CacheEntry update) {
        return field.compareAndSet(holder, expected, update);
    }

    CacheEntry getAndSet(CacheEntry update) {
        return field.getAndSet(holder, update);
    }
}
