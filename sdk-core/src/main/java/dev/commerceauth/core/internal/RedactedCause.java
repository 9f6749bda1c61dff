package dev.commerceauth.core.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Internal: the stand-in for a throwable whose text carried a secret, in the cause chain of an
 * SDK exception. A stack trace prints it as the original: its class name, its message with the
 * secrets redacted, its stack frames, its (redacted) cause and suppressed exceptions.
 *
 * <p>Server text reaches the messages of I/O errors (OkHttp's {@code ProtocolException:
 * Unexpected status line: …} quotes the status line a server sent), and a logged stack trace
 * prints every message of the cause chain. {@link #redact(Throwable, Redactor)} keeps a throwable
 * whose whole chain is free of secrets as it is (so {@code getCause() instanceof
 * SocketTimeoutException} still holds), and replaces one that is not by this stand-in, an
 * {@link IOException} whatever the original type, which {@link #originalClassName()} names.
 */
final class RedactedCause extends IOException {

    private static final long serialVersionUID = 1L;

    private final String originalClassName;

    private RedactedCause(String originalClassName, String message, Throwable cause) {
        super(message, cause);
        this.originalClassName = originalClassName;
    }

    /**
     * The cause chain of {@code t} with the secrets redacted.
     *
     * @param t the throwable, may be null
     * @param redactor removes the request's secrets
     * @return {@code t} itself when neither it nor any throwable it refers to (causes, suppressed,
     *     their causes …) has a secret in its text; else a stand-in for it; null for null
     */
    static Throwable redact(Throwable t, Redactor redactor) {
        return redact(t, redactor, new IdentityHashMap<>(),
                Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Throwable redact(Throwable t, Redactor redactor, Map<Throwable, Throwable> done,
            Set<Throwable> inProgress) {
        if (t == null) {
            return null;
        }
        Throwable known = done.get(t);
        if (known != null) {
            return known;
        }
        if (!inProgress.add(t)) {
            return null; // a cycle: the stand-in ends the chain here
        }
        Throwable cause = t.getCause() == t ? null : t.getCause();
        Throwable redactedCause = redact(cause, redactor, done, inProgress);
        boolean unchanged = redactedCause == cause;
        Throwable[] suppressed = t.getSuppressed();
        Throwable[] redactedSuppressed = new Throwable[suppressed.length];
        for (int i = 0; i < suppressed.length; i++) {
            redactedSuppressed[i] = redact(suppressed[i], redactor, done, inProgress);
            unchanged &= redactedSuppressed[i] == suppressed[i];
        }
        String message = t.getMessage();
        String redactedMessage = redactor.redact(message);
        String localized = t.getLocalizedMessage();
        String text = t.toString();
        unchanged &= same(message, redactedMessage) && same(localized, redactor.redact(localized))
                && same(text, redactor.redact(text));
        Throwable result = t;
        if (!unchanged) {
            RedactedCause copy = new RedactedCause(t.getClass().getName(), redactedMessage, redactedCause);
            copy.setStackTrace(t.getStackTrace());
            for (Throwable s : redactedSuppressed) {
                if (s != null) {
                    copy.addSuppressed(s);
                }
            }
            result = copy;
        }
        inProgress.remove(t);
        done.put(t, result);
        return result;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /**
     * The class of the throwable this one stands for.
     *
     * @return its fully qualified name
     */
    String originalClassName() {
        return originalClassName;
    }

    /**
     * As the original prints: its class name and the redacted message.
     *
     * @return the text for a stack trace
     */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
