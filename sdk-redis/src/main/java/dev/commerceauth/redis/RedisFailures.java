package dev.commerceauth.redis;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.net.ssl.SSLException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Internal: what a failed call to Redis means for the caller of a {@link RedisTokenStore}: a
 * {@link StoreUnavailableException} that says what went wrong (credentials refused, a command
 * refused, a timeout, the server unreachable and why) and what to check, quoting no data.
 */
final class RedisFailures {

    private final String address;
    private final Duration connectTimeout;
    private final Duration commandTimeout;

    /**
     * Creates the translator for one store.
     *
     * @param address the server's address, for messages (no credentials)
     * @param connectTimeout the store's connect timeout, for messages
     * @param commandTimeout the store's command timeout, for messages
     */
    RedisFailures(String address, Duration connectTimeout, Duration commandTimeout) {
        this.address = address;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
    }

    /**
     * The failure a caller meets for a failed call.
     *
     * @param e what Jedis (or its pool) threw
     * @return the exception to throw
     */
    StoreUnavailableException translate(RuntimeException e) {
        String where = "Redis at " + address;
        if (e instanceof JedisAccessControlException || isAuthError(e)) {
            return new StoreUnavailableException(where + " refused the credentials (check the user and password of"
                    + " the Redis URI and the user's ACL: it needs GET, SET, DEL, PTTL, PEXPIRE, HINCRBY, EVAL and"
                    + " EVALSHA on the key prefix)", e, false);
        }
        if (e instanceof JedisDataException) {
            return new StoreUnavailableException(where + " refused a token store command with "
                    + errorCode(e.getMessage()) + " (check that no other data lives under the key prefix and that"
                    + " the user may run the commands)", e, false);
        }
        boolean timeout = timedOut(e);
        String reason;
        if (timeout) {
            reason = "did not answer within the " + (isPoolWait(e) ? "command timeout while waiting for a free"
                    + " connection" : "connect or command timeout") + " (" + connectTimeout.toMillis() + " / "
                    + commandTimeout.toMillis() + " ms)";
        } else {
            reason = "could not be reached (" + describe(e) + ")";
        }
        return new StoreUnavailableException(where + " " + reason + "; the token store call failed", e, timeout);
    }

    static boolean isAuthError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JedisAccessControlException) {
                return true;
            }
            if (t instanceof JedisDataException && t.getMessage() != null
                    && (t.getMessage().startsWith("NOAUTH") || t.getMessage().startsWith("WRONGPASS"))) {
                return true;
            }
        }
        return false;
    }

    private static String errorCode(String message) {
        if (message == null || message.isEmpty()) {
            return "an error";
        }
        int space = message.indexOf(' ');
        String code = space < 0 ? message : message.substring(0, space);
        return code.matches("[A-Z]{2,20}") ? code : "an error";
    }

    /**
     * Whether a failure is a timeout: a socket timeout, or no free pooled connection in time.
     *
     * @param e the failure
     * @return whether it timed out
     */
    static boolean timedOut(Throwable e) {
        return socketTimedOut(e) || isPoolWait(e);
    }

    /**
     * Whether a failure is a socket timeout (connect, handshake or command), not a wait for a free
     * pooled connection.
     *
     * @param e the failure
     * @return whether a socket timed out
     */
    static boolean socketTimedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPoolWait(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchElementException && t.getMessage() != null && t.getMessage().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What ended a connection attempt, from the exception, its causes and suppressed exceptions.
     *
     * @param e the failure
     * @return a short reason, without any data
     */
    static String describe(Throwable e) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(e);
        Throwable deepest = e;
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed: check that the certificate is trusted and names the host";
            }
            if (t instanceof SocketException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
                return "connection reset";
            }
            if (t instanceof JedisConnectionException && t.getMessage() != null
                    && t.getMessage().contains("Unexpected end of")) {
                return "connection closed by the server";
            }
            deepest = t;
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(Arrays.asList(t.getSuppressed()));
        }
        return deepest.getClass().getSimpleName();
    }
}
