package dev.commerceauth.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Where and how to reach Redis, parsed from a {@code redis://} or {@code rediss://} URI:
 * {@code redis[s]://[[user]:password@]host[:port][/database]}. Error messages and
 * {@link #toString()} never repeat the URI's password (nor the URI itself, which may hold it).
 */
final class RedisEndpoint {

    static final int DEFAULT_PORT = 6379;

    final String host;
    final int port;
    final int database;
    final String user;
    final String password;
    final boolean tls;

    private RedisEndpoint(String host, int port, int database, String user, String password, boolean tls) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    static RedisEndpoint parse(String uri) {
        if (uri == null || uri.trim().isEmpty()) {
            throw new IllegalArgumentException("redisUri must not be blank");
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
            throw new IllegalArgumentException("redisUri must start with redis:// or rediss:// (TLS)");
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
        String user = null;
        String password = null;
        String userInfo = u.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("the user info of redisUri must be user:password or :password"
                        + " (a name without a colon is ambiguous)");
            }
            user = colon == 0 ? null : percentDecode(userInfo.substring(0, colon));
            password = percentDecode(userInfo.substring(colon + 1));
            if (password.isEmpty()) {
                throw new IllegalArgumentException("the password in redisUri is empty");
            }
        }
        return new RedisEndpoint(host, port, database, user, password, tls);
    }

    /** The host and port for messages: {@code 127.0.0.1:6379}, {@code [::1]:6379}. */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("the user info of redisUri has a malformed percent escape");
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
        return (tls ? "rediss://" : "redis://") + address() + "/" + database
                + (password == null ? "" : user == null ? " (password)" : " (ACL user and password)");
    }
}
