package dev.commerceauth.redis;

import java.time.Duration;
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
 * a new one. Behind Sentinel the master is also asked for again first: on the first call, after a
 * connection failure, and when the master answers {@code READONLY} (a failover made it a replica);
 * if it moved, a pool for the new address replaces the old one. A call that timed out is not run
 * again (it may be hanging on a master that is gone), but the next call asks Sentinel first.
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
    private final Object relocating = new Object();
    private volatile Node node;
    /** Behind Sentinel: how many times the Sentinels were asked; a call that failed before the last answer need not ask. */
    private volatile long answers;
    /** Behind Sentinel: ask for the master before the next call (a call to it timed out). */
    private volatile boolean askAgain;
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
     * @throws StoreUnavailableException when Sentinel knows no such master or refused the credentials
     */
    <T> T run(RedisCall<T> body) {
        long asked = answers;
        Node used = current();
        try {
            return body.run(used.client);
        } catch (RuntimeException e) {
            if (closed) {
                throw e;
            }
            if (e instanceof JedisConnectionException) {
                if (RedisFailures.timedOut(e)) {
                    askAgain = locator != null;
                    throw e;
                }
                return body.run(recover(used, asked).client);
            }
            if (locator != null && answers != asked) {
                return body.run(current().client); // the master moved while this call ran on the old pool
            }
            if (locator != null && e instanceof JedisDataException && e.getMessage() != null
                    && e.getMessage().startsWith("READONLY")) {
                return body.run(recover(used, asked).client); // a replica now: a failover moved the master
            }
            throw e;
        }
    }

    private Node current() {
        Node n = node;
        if (n != null && !askAgain) {
            return n;
        }
        synchronized (relocating) {
            n = node;
            return n != null && !askAgain ? n : locate(n);
        }
    }

    /**
     * After a call on {@code used} failed: the same pool without its idle connections, or behind
     * Sentinel the pool of the master Sentinel names now, unless the Sentinels answered since the
     * call began ({@code asked}): then that answer's pool.
     */
    private Node recover(Node used, long asked) {
        if (locator == null) {
            used.client.getPool().clear();
            return used;
        }
        synchronized (relocating) {
            Node n = node;
            if (answers != asked && n != null && !askAgain) {
                return n; // another call asked meanwhile
            }
            return locate(n);
        }
    }

    /** Asks the Sentinels; moves to the master they name if it is not {@code n}'s. Holds {@code relocating}. */
    private Node locate(Node n) {
        HostAndPort master = locator.locate();
        askAgain = false;
        answers++;
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
            n.client.close(); // calls still on it fail once and run again on the new master
        }
        return moved;
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
