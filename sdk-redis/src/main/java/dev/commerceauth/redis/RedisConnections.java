package dev.commerceauth.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * The pooled connections of a {@link RedisTokenStore} to the Redis that holds its tokens: a fixed
 * address, or the master that Redis Sentinel names ({@link SentinelLocator}).
 *
 * <p>A call that finds its connection closed by Redis (a restart, an idle timeout,
 * {@code CLIENT KILL}) drops the idle connections, which are likely dead too, and runs once more on
 * a new one. Behind Sentinel the Sentinels are asked for the master first: on the first call, after
 * a connection failure, after a call that timed out (at the next call: a call that timed out is not
 * run again), and when the master answers {@code READONLY} (a failover made it a replica); if it
 * moved, a pool for the new address replaces the old one. One lookup runs at a time: calls that
 * failed on their pool (or have none yet) wait for its answer, the others go on with their pool
 * meanwhile. When no Sentinel answers, a pool that exists is used as it is (the master may well be
 * fine) and the Sentinels are asked again at most once a second.
 */
final class RedisConnections implements AutoCloseable {

    /** One command or script on the client, which borrows a pooled connection for it. */
    interface RedisCall<T> {
        T run(RedisClient redis);
    }

    /** A pool for one address. */
    private static final class Node {
        final HostAndPort address;
        final RedisClient client;

        Node(HostAndPort address, RedisClient client) {
            this.address = address;
            this.client = client;
        }
    }

    private final RedisEndpoint endpoint;
    private final DefaultJedisClientConfig clientConfig;
    private final GenericObjectPoolConfig<Connection> poolConfig;
    private final SSLSocketFactory tls;
    private final int connectTimeoutMillis;
    private final int commandTimeoutMillis;
    private final SentinelLocator locator;
    /** Guards {@link #lookup}, and the swap of {@link #node}. */
    private final Object relocating = new Object();
    /** The lookup in progress, shared by the calls that need one; guarded by {@link #relocating}. */
    private CompletableFuture<Node> lookup;
    private volatile Node node;
    /** Behind Sentinel: calls that timed out, each a reason to ask for the master before the next call. */
    private final AtomicLong timeouts = new AtomicLong();
    /** Behind Sentinel: how many of {@link #timeouts} the last lookup that succeeded answered. */
    private volatile long timeoutsAnswered;
    /** Behind Sentinel: the last lookup, if it failed; null after one that succeeded. */
    private volatile FailedLookup failedLookup;
    private volatile boolean closed;

    /**
     * Creates the connections; none is opened before the first call.
     *
     * @param endpoint where Redis is
     * @param connectTimeout the connect timeout
     * @param commandTimeout the command (and TLS handshake, and free connection) timeout
     * @param maxConnections the pool size
     * @param tls the TLS socket factory for {@code rediss}, else unused
     * @param sentinelUser the Sentinels' ACL user, or null
     * @param sentinelPassword the Sentinels' password, or null
     */
    RedisConnections(RedisEndpoint endpoint, Duration connectTimeout, Duration commandTimeout, int maxConnections,
            SSLSocketFactory tls, String sentinelUser, String sentinelPassword) {
        this.endpoint = endpoint;
        this.tls = tls;
        this.connectTimeoutMillis = millis(connectTimeout);
        this.commandTimeoutMillis = millis(commandTimeout);
        DefaultJedisClientConfig.Builder config = baseConfig().database(endpoint.database);
        if (endpoint.password != null) {
            config.user(endpoint.user).password(endpoint.password);
        }
        this.clientConfig = config.build();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(commandTimeout);
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        pool.setMinEvictableIdleDuration(Duration.ofMinutes(1));
        pool.setJmxEnabled(false);
        this.poolConfig = pool;
        if (endpoint.viaSentinel()) {
            DefaultJedisClientConfig.Builder sentinel = baseConfig();
            if (sentinelPassword != null) {
                sentinel.user(sentinelUser).password(sentinelPassword);
            }
            JedisClientConfig sentinelConfig = sentinel.build();
            this.locator = new SentinelLocator(endpoint, sentinelConfig,
                    s -> sockets(new HostAndPort(s.host, s.port), sentinelConfig));
        } else {
            this.locator = null;
            this.node = open(new HostAndPort(endpoint.host, endpoint.port));
        }
    }

    private DefaultJedisClientConfig.Builder baseConfig() {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(connectTimeoutMillis)
                .socketTimeoutMillis(commandTimeoutMillis)
                .protocol(RedisProtocol.RESP2)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    }

    private JedisSocketFactory sockets(HostAndPort address, JedisClientConfig config) {
        return endpoint.tls
                ? new TlsSocketFactory(address.getHost(), address.getPort(), tls, connectTimeoutMillis, commandTimeoutMillis)
                : new DefaultJedisSocketFactory(address, config);
    }

    private Node open(HostAndPort address) {
        RedisClient client = RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(clientConfig)
                .connectionProvider(new PooledConnectionProvider(
                        new ConnectionFactory(sockets(address, clientConfig), clientConfig), poolConfig))
                .build();
        return new Node(address, client);
    }

    /**
     * Runs {@code body}, once more after a closed connection (or, behind Sentinel, a master that
     * moved).
     *
     * @param body the call
     * @param <T> its result
     * @return its result
     * @throws redis.clients.jedis.exceptions.JedisException what Jedis threw
     * @throws StoreUnavailableException when no Sentinel answers, none knows the master, or one
     *     refused the credentials (and there is no master to use meanwhile)
     */
    <T> T run(RedisCall<T> body) {
        Node used = current();
        RuntimeException failure;
        try {
            return body.run(used.client);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (closed || !worthAnotherTry(failure, used)) {
            throw noted(failure);
        }
        Node next = recover(used);
        try {
            return body.run(next.client);
        } catch (RuntimeException again) {
            throw noted(again);
        }
    }

    /**
     * Whether a call that failed on {@code used} runs once more: after a connection Redis closed,
     * never after a timeout (it may be hanging on a master that is gone); behind Sentinel also after
     * {@code READONLY}, or when the pool was replaced while the call ran on the old one.
     */
    private boolean worthAnotherTry(RuntimeException e, Node used) {
        if (RedisFailures.timedOut(e)) {
            return false;
        }
        if (e instanceof JedisConnectionException) {
            return true;
        }
        return locator != null && (node != used || readOnly(e));
    }

    /** A write refused by a replica: {@code READONLY}, or inside a script's error ({@code -READONLY}, Redis 6). */
    private static boolean readOnly(RuntimeException e) {
        return e instanceof JedisDataException && e.getMessage() != null && e.getMessage().contains("READONLY");
    }

    /**
     * {@code e}, after noting that behind Sentinel a command that timed out makes the next call ask
     * for the master (not a wait for a free pooled connection: a busy pool says nothing of the master).
     */
    private RuntimeException noted(RuntimeException e) {
        if (locator != null && RedisFailures.socketTimedOut(e)) {
            timeouts.incrementAndGet();
        }
        return e;
    }

    private Node current() {
        Node n = node;
        return n != null && timeouts.get() == timeoutsAnswered ? n : located(n, false);
    }

    /**
     * After a call on {@code used} failed: the same pool without its idle connections, or behind
     * Sentinel the pool another call moved to meanwhile, or that of the master Sentinel names now.
     */
    private Node recover(Node used) {
        if (locator == null) {
            used.client.getPool().clear();
            return used;
        }
        Node n = node;
        return n != used && n != null ? n : located(n, true);
    }

    /**
     * The pool of the master the Sentinels name now. One lookup runs at a time: a call that failed
     * on its pool (or has none) waits for the one in progress, a call whose pool is fine uses it
     * meanwhile. While the Sentinels do not answer (asked less than a second ago, in vain) the pool
     * in use is used.
     *
     * @param seen the pool the call would use, or null
     * @param failedOnIt whether the call failed on it (its idle connections are then dropped)
     */
    private Node located(Node seen, boolean failedOnIt) {
        CompletableFuture<Node> answer;
        boolean mine = false;
        synchronized (relocating) {
            answer = lookup;
            if (answer == null) {
                // no lookup running: the last one's outcome may do (a new one only starts a second after a failure)
                FailedLookup failed = recentFailure();
                Node n = node;
                if (failed != null) {
                    return fallBack(failed.failure, failedOnIt);
                }
                if (n != null && (failedOnIt ? n != seen : timeouts.get() == timeoutsAnswered)) {
                    return n;
                }
                answer = new CompletableFuture<>();
                lookup = answer;
                mine = true;
            } else if (seen != null && !failedOnIt) {
                return seen; // another call is asking; this call's pool serves meanwhile
            }
        }
        if (mine) {
            lookUp(answer); // not under the lock: other calls go on meanwhile
        }
        try {
            return answer.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            return fallBack(cause instanceof StoreUnavailableException ? (StoreUnavailableException) cause
                    : lookupFailed(cause), failedOnIt);
        }
    }

    /** The last lookup's failure if it is less than a second old, else null. */
    private FailedLookup recentFailure() {
        FailedLookup failed = failedLookup;
        return failed != null && System.nanoTime() - failed.at < TimeUnit.SECONDS.toNanos(1) ? failed : null;
    }

    /**
     * Asks the Sentinels and moves to the master they name; records the outcome before it answers,
     * and always ends the lookup and answers, whatever is thrown.
     */
    private void lookUp(CompletableFuture<Node> answer) {
        long answering = timeouts.get();
        Node found = null;
        Throwable failure = null;
        try {
            try {
                found = moveTo(locator.locate());
            } catch (Throwable t) {
                failure = t;
            }
            if (found != null) {
                failedLookup = null;
                timeoutsAnswered = answering;
            } else {
                failedLookup = new FailedLookup(failure instanceof StoreUnavailableException
                        ? (StoreUnavailableException) failure : lookupFailed(failure), System.nanoTime());
            }
        } finally {
            synchronized (relocating) {
                lookup = null;
            }
            if (found != null) {
                answer.complete(found);
            } else {
                answer.completeExceptionally(failure); // found is null only when locate or moveTo threw
            }
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
    }

    /** Without an answer from the Sentinels: the pool in use (without its idle connections if a call failed on it), else the failure. */
    private Node fallBack(StoreUnavailableException failure, boolean failedOnIt) {
        Node n = node;
        if (n == null) {
            StoreUnavailableException copy = new StoreUnavailableException(failure.getMessage(), failure.getCause(),
                    failure.isTimeout());
            for (Throwable other : failure.getSuppressed()) {
                copy.addSuppressed(other); // the other Sentinels' failures
            }
            throw copy;
        }
        if (failedOnIt) {
            n.client.getPool().clear();
        }
        return n;
    }

    private static StoreUnavailableException lookupFailed(Throwable e) {
        return new StoreUnavailableException("Asking the Sentinels for the master failed (" + e.getClass().getSimpleName()
                + ")", e, RedisFailures.timedOut(e));
    }

    /** A lookup that failed, and when. */
    private static final class FailedLookup {
        final StoreUnavailableException failure;
        final long at;

        FailedLookup(StoreUnavailableException failure, long at) {
            this.failure = failure;
            this.at = at;
        }
    }

    /** The pool for {@code master}: the one in use if it is there, else a new one that replaces it. */
    private Node moveTo(HostAndPort master) {
        synchronized (relocating) {
            Node n = node;
            if (n != null && n.address.equals(master)) {
                n.client.getPool().clear();
                return n;
            }
            if (closed) {
                throw new IllegalStateException("this RedisTokenStore is closed");
            }
            Node moved = open(master);
            node = moved;
            if (n != null) {
                n.client.close(); // calls still on it fail and run once more on the new pool
            }
            return moved;
        }
    }

    /** Closes the pool; later calls fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (relocating) {
            Node n = node;
            if (n != null) {
                n.client.close();
            }
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
