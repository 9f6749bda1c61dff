package dev.commerceauth.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Where and how to reach Redis, parsed from a {@code redis://} or {@code rediss://} URI:
 * {@code redis[s]://[[user]:password@]host[:port][/database]}; or, for a master that Redis Sentinel
 * names, {@code redis[s]-sentinel://[[user]:password@]host[:port][,host[:port]...][/database]#master}
 * (Sentinel's default port 26379; the credentials, database and TLS apply to the master and TLS
 * also to the Sentinels). Error messages and {@link #toString()} never repeat the URI's password
 * (nor the URI itself, which may hold it).
 */
final class RedisEndpoint {

    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;

    /** The host, or null when Sentinel names the master. */
    final String host;
    /** The port, or -1 when Sentinel names the master. */
    final int port;
    final int database;
    final String user;
    final String password;
    final boolean tls;
    /** The Sentinels to ask for the master, in the URI's order; empty for a fixed address. */
    final List<Node> sentinels;
    /** The master's name at the Sentinels, or null for a fixed address. */
    final String masterName;

    private RedisEndpoint(String host, int port, int database, String user, String password, boolean tls,
            List<Node> sentinels, String masterName) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.tls = tls;
        this.sentinels = sentinels;
        this.masterName = masterName;
    }

    /** A host and port. */
    static final class Node {
        final String host;
        final int port;

        Node(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /** {@code 127.0.0.1:26379}, {@code [::1]:26379}. */
        String address() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Whether Sentinel names the master. */
    boolean viaSentinel() {
        return masterName != null;
    }

    static RedisEndpoint parse(String uri) {
        if (uri == null || uri.trim().isEmpty()) {
            throw new IllegalArgumentException("redisUri must not be blank");
        }
        String lower = uri.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("redis-sentinel://") || lower.startsWith("rediss-sentinel://")) {
            return parseSentinel(uri.trim(), lower.startsWith("rediss-"));
        }
        URI u;
        try {
            u = new URI(uri.trim());
        } catch (URISyntaxException e) {
            // the message of URISyntaxException quotes the input, which may hold the password
            throw new IllegalArgumentException("redisUri is not a valid URI (expected redis[s]://[[user]:password@]host"
                    + "[:port][/database]; percent-encode special characters of the password)");
        }
        String scheme = u.getScheme();
        boolean tls;
        if ("redis".equalsIgnoreCase(scheme)) {
            tls = false;
        } else if ("rediss".equalsIgnoreCase(scheme)) {
            tls = true;
        } else {
            throw new IllegalArgumentException("redisUri must start with redis:// or rediss:// (TLS), or"
                    + " redis-sentinel:// or rediss-sentinel:// for a master that Redis Sentinel names");
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("redisUri has no host (expected redis[s]://[[user]:password@]host"
                    + "[:port][/database]; percent-encode special characters of the password)");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = u.getPort() == -1 ? DEFAULT_PORT : u.getPort();
        int database = 0;
        String path = u.getRawPath();
        if (path != null && !path.isEmpty() && !"/".equals(path)) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw new IllegalArgumentException("the path of redisUri must be a database number such as /0");
            }
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("redisUri must not have a query or fragment; set timeouts and TLS on"
                    + " the builder");
        }
        String[] credentials = credentials(u.getRawUserInfo());
        return new RedisEndpoint(host, port, database, credentials[0], credentials[1], tls,
                Collections.<Node>emptyList(), null);
    }

    /** {@code {user, password}} (either may be null) from the raw user info, or two nulls without it. */
    private static String[] credentials(String userInfo) {
        if (userInfo == null) {
            return new String[2];
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("the user info of redisUri must be user:password or :password"
                    + " (a name without a colon is ambiguous)");
        }
        String user = colon == 0 ? null : percentDecode(userInfo.substring(0, colon), "user info");
        String password = percentDecode(userInfo.substring(colon + 1), "user info");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password in redisUri is empty");
        }
        return new String[] {user, password};
    }

    /**
     * {@code redis[s]-sentinel://[[user]:password@]host[:port][,host[:port]...][/database]#master},
     * parsed by hand: a list of hosts is not an authority {@link URI} accepts.
     */
    private static RedisEndpoint parseSentinel(String uri, boolean tls) {
        String form = " (expected redis[s]-sentinel://[[user]:password@]host[:port][,host[:port]...][/database]#master;"
                + " percent-encode special characters of the password, such as / # ? @ %)";
        String rest = uri.substring(uri.indexOf("://") + 3);
        int hash = rest.indexOf('#');
        if (hash < 0 || hash == rest.length() - 1) {
            throw new IllegalArgumentException("redisUri names no master after '#'" + form);
        }
        String masterName = percentDecode(rest.substring(hash + 1), "master name");
        if (!masterName.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new IllegalArgumentException("the master name in redisUri must be 1 to 128 letters, digits or . _ : -");
        }
        rest = rest.substring(0, hash);
        if (rest.indexOf('?') >= 0) {
            throw new IllegalArgumentException("redisUri must not have a query; set timeouts and TLS on the builder");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        int database = 0;
        if (!path.isEmpty() && !"/".equals(path)) {
            database = path.substring(1).matches("[0-9]{1,5}") ? Integer.parseInt(path.substring(1)) : -1;
            if (database < 0) {
                throw new IllegalArgumentException("the path of redisUri must be a database number such as /0");
            }
        }
        int at = authority.lastIndexOf('@');
        String[] credentials = credentials(at < 0 ? null : authority.substring(0, at));
        List<Node> sentinels = new ArrayList<>();
        for (String hostPort : (at < 0 ? authority : authority.substring(at + 1)).split(",", -1)) {
            sentinels.add(node(hostPort, form));
        }
        return new RedisEndpoint(null, -1, database, credentials[0], credentials[1], tls,
                Collections.unmodifiableList(sentinels), masterName);
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}. */
    private static Node node(String hostPort, String form) {
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 < hostPort.length() && hostPort.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("redisUri has a malformed IPv6 Sentinel address" + form);
            }
            host = hostPort.substring(1, close);
            port = close + 1 < hostPort.length() ? hostPort.substring(close + 2) : null;
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw new IllegalArgumentException("redisUri has an empty or malformed Sentinel host" + form);
        }
        int p = DEFAULT_SENTINEL_PORT;
        if (port != null) {
            p = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("redisUri has a Sentinel port that is not 1 to 65535" + form);
            }
        }
        return new Node(host, p);
    }

    /**
     * Where the store's data lives, for messages: {@code 127.0.0.1:6379}, {@code [::1]:6379}, or
     * {@code master 'mymaster' via Sentinel 10.0.0.1:26379,10.0.0.2:26379}.
     */
    String address() {
        return viaSentinel() ? "master '" + masterName + "' via Sentinel " + sentinelAddresses()
                : new Node(host, port).address();
    }

    /** The Sentinels' addresses, comma-separated: {@code 10.0.0.1:26379,10.0.0.2:26379}; empty for a fixed address. */
    String sentinelAddresses() {
        StringBuilder b = new StringBuilder();
        for (Node sentinel : sentinels) {
            b.append(b.length() == 0 ? "" : ",").append(sentinel.address());
        }
        return b.toString();
    }

    private static String percentDecode(String s, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("the " + what + " of redisUri has a malformed percent escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                int end = i;
                while (end < s.length() && s.charAt(end) != '%') {
                    end++;
                }
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end - 1;
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String credentials = password == null ? "" : user == null ? " (password)" : " (ACL user and password)";
        if (viaSentinel()) {
            return (tls ? "rediss-sentinel://" : "redis-sentinel://") + sentinelAddresses() + "/" + database + "#"
                    + masterName + credentials;
        }
        return (tls ? "rediss://" : "redis://") + address() + "/" + database + credentials;
    }
}
