package dev.commerceauth.core.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * Internal: a token client's listeners for tokens revoked through it (see
 * {@code TokenClient.addRevocationListener}). Listeners are held weakly, so a registration never keeps
 * a token cache alive: a cache that is closed unregisters, and one that is dropped without being
 * closed is forgotten once it is collected. Thread-safe; listeners are called outside the lock, on the
 * thread that revoked, and what they throw is logged and ignored.
 */
public final class RevocationListeners {

    private final List<WeakReference<Consumer<String>>> listeners = new ArrayList<>();

    /**
     * Registers {@code listener}, held weakly.
     *
     * @param listener receives the value of every revoked token
     * @return an action that unregisters it; running it again does nothing
     */
    public Runnable add(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        WeakReference<Consumer<String>> ref = new WeakReference<>(listener);
        synchronized (listeners) {
            prune();
            listeners.add(ref);
        }
        return () -> {
            synchronized (listeners) {
                listeners.remove(ref);
                prune();
            }
        };
    }

    /**
     * Tells every listener still registered that {@code token} was revoked.
     *
     * @param token the revoked access or refresh token's value
     */
    public void revoked(String token) {
        List<Consumer<String>> live = new ArrayList<>();
        synchronized (listeners) {
            for (Iterator<WeakReference<Consumer<String>>> it = listeners.iterator(); it.hasNext();) {
                Consumer<String> l = it.next().get();
                if (l == null) {
                    it.remove();
                } else {
                    live.add(l);
                }
            }
        }
        for (Consumer<String> l : live) {
            try {
                l.accept(token);
            } catch (RuntimeException e) {
                Provider.LOG.log(Level.FINE, "A revocation listener threw; ignored", e);
            }
        }
    }

    /**
     * How many listeners are registered and not yet collected.
     *
     * @return the count
     */
    public int size() {
        synchronized (listeners) {
            prune();
            return listeners.size();
        }
    }

    private void prune() {
        listeners.removeIf(r -> r.get() == null);
    }
}
