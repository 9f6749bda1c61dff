package dev.commerceauth.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Asks Redis Sentinel where a master is: each Sentinel in turn, on a connection of its own that is
 * bounded like every other (connect timeout, then command timeout for the TLS handshake,
 * {@code AUTH} and the question), until one names the master
 * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}). The Sentinel that answered is asked first next time.
 * No thread of its own: the store asks again when the master it used fails.
 */
final class SentinelLocator {

    private final List<RedisEndpoint.Node> sentinels;
    private final String masterName;
    /** The Sentinels' addresses, for messages. */
    private final String description;
    private final JedisClientConfig config;
    private final Function<RedisEndpoint.Node, JedisSocketFactory> sockets;
    /** The Sentinel that answered last, tried first; guarded by {@code this}. */
    private int first;

    /**
     * Creates the locator.
     *
     * @param endpoint the Sentinel endpoint
     * @param config how to talk to a Sentinel (timeouts, its credentials if any; no database)
     * @param sockets a socket factory for a Sentinel's address (plain or TLS)
     */
    SentinelLocator(RedisEndpoint endpoint, JedisClientConfig config, Function<RedisEndpoint.Node, JedisSocketFactory> sockets) {
        this.sentinels = endpoint.sentinels;
        this.masterName = endpoint.masterName;
        this.description = endpoint.sentinelAddresses();
        this.config = config;
        this.sockets = sockets;
    }

    /**
     * The master's address as the first Sentinel that answers names it.
     *
     * @return the address
     * @throws StoreUnavailableException when no Sentinel could be asked (the last failure is the
     *     cause, the others are suppressed), when the Sentinels that answered know no such master,
     *     or when one refused the credentials
     */
    HostAndPort locate() {
        int start;
        synchronized (this) {
            start = first;
        }
        List<JedisException> failures = new ArrayList<>();
        int unknown = 0;
        for (int i = 0; i < sentinels.size(); i++) {
            int index = (start + i) % sentinels.size();
            RedisEndpoint.Node sentinel = sentinels.get(index);
            List<String> answer;
            try (Jedis jedis = new Jedis(sockets.apply(sentinel), config)) {
                answer = jedis.sentinelGetMasterAddrByName(masterName);
            } catch (JedisException e) {
                failures.add(e);
                continue;
            }
            if (answer == null || answer.size() != 2) {
                unknown++;
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(answer.get(1));
            } catch (NumberFormatException e) {
                unknown++;
                continue;
            }
            synchronized (this) {
                first = index;
            }
            return new HostAndPort(answer.get(0), port);
        }
        if (failures.isEmpty() || unknown > 0 && failures.size() < sentinels.size()) {
            throw new StoreUnavailableException("No Sentinel knows a master named '" + masterName + "' (asked "
                    + description + "; " + unknown + " answered without it). Check the name after '#' in the Redis URI"
                    + " against the Sentinels' 'sentinel monitor' configuration", null, false);
        }
        for (JedisException failure : failures) {
            if (RedisFailures.isAuthError(failure)) {
                throw new StoreUnavailableException("A Sentinel (of " + description + ") refused the credentials"
                        + " (check RedisTokenStore.Builder.sentinelCredentials against the Sentinels' requirepass or"
                        + " ACL; the Redis URI's credentials are the master's)", failure, false);
            }
        }
        JedisException last = failures.get(failures.size() - 1);
        boolean timeout = RedisFailures.timedOut(last);
        StoreUnavailableException none = new StoreUnavailableException("No Sentinel answered (asked " + description
                + "; the last one " + (timeout ? "did not answer within the connect or command timeout"
                : "could not be reached: " + RedisFailures.describe(last)) + "), so the master '" + masterName
                + "' is not known; the token store call failed", last, timeout);
        for (JedisException other : failures.subList(0, failures.size() - 1)) {
            none.addSuppressed(other);
        }
        throw none;
    }
}
