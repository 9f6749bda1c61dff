package dev.commerceauth.core.internal.cache;

/**
 * What a time-bounded {@code TokenStore} call came back with: whether the store answered at all
 * (it may have failed, timed out or been skipped while paused), and its answer, which may itself
 * be null (an empty entry, a lease someone else holds). Immutable.
 *
 * @param <T> the type of the answer
 */
final class StoreAnswer<T> {

    private static final StoreAnswer<Object> NONE = new StoreAnswer<>(false, null);

    private final boolean answered;
    private final T value;

    private StoreAnswer(boolean answered, T value) {
        this.answered = answered;
        this.value = value;
    }

    /** The store answered {@code value} (null for "nothing"). */
    static <T> StoreAnswer<T> of(T value) {
        return new StoreAnswer<>(true, value);
    }

    /** The store did not answer. */
    @SuppressWarnings("unchecked")
    static <T> StoreAnswer<T> none() {
        return (StoreAnswer<T>) NONE;
    }

    /** Whether the store answered. */
    boolean answered() {
        return answered;
    }

    /** The answer; null when the store answered "nothing" or did not answer. */
    T value() {
        return value;
    }

    @Override
    public String toString() {
        return answered ? "StoreAnswer{" + (value == null ? "nothing" : value.getClass().getSimpleName()) + "}"
                : "StoreAnswer{no answer}";
    }
}
