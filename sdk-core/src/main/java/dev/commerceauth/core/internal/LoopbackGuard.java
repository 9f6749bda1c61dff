package dev.commerceauth.core.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Connection;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Internal: without {@code allowInsecureHttp(true)}, plain http is allowed only to loopback, and
 * loopback means the connection really goes to a loopback address, directly.
 *
 * <p>{@link Endpoints#check} lets plain http through by name ({@code localhost},
 * {@code *.localhost}, {@code 127.x.x.x}, {@code ::1}). A name is resolved by DNS, not by the
 * hosts file, and the caller's client may send everything through a proxy, which would then read
 * the credentials in clear. So two more checks run on the hardened client:
 *
 * <ul>
 *   <li>As its {@link Dns}: a loopback name must resolve to loopback addresses; other addresses are
 *       dropped, and a name with none left fails before any connection is attempted.</li>
 *   <li>As a network interceptor (it runs after the connection is made and before any of the
 *       request is written): a plain http request goes out only over a direct connection (no
 *       proxy) whose remote address is a loopback address.</li>
 * </ul>
 *
 * <p>Equal for the same delegate and opt-in, so that OkHttp still reuses pooled connections
 * across token clients built on one base client (a connection is reused only for an equal
 * {@code Dns}).
 */
final class LoopbackGuard implements Dns, Interceptor {

    private final Dns delegate;
    private final boolean allowInsecureHttp;

    LoopbackGuard(Dns delegate, boolean allowInsecureHttp) {
        this.delegate = delegate;
        this.allowInsecureHttp = allowInsecureHttp;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> all = delegate.lookup(hostname);
        if (allowInsecureHttp || !Endpoints.isLoopback(hostname)) {
            return all;
        }
        List<InetAddress> loopback = new ArrayList<>();
        for (InetAddress a : all) {
            if (a.isLoopbackAddress()) {
                loopback.add(a);
            }
        }
        if (loopback.isEmpty()) {
            throw new NotLoopback(hostname + " resolves to " + addresses(all) + ", not a loopback address."
                    + " A localhost name is trusted as loopback (plain http to it needs no allowInsecureHttp(true)),"
                    + " so it must resolve to a loopback address. Fix the name's resolution (hosts file, DNS), or use a"
                    + " host name that is not a localhost name, with https (or allowInsecureHttp(true) if you really"
                    + " mean plain http)");
        }
        return loopback;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (allowInsecureHttp || request.isHttps()) {
            return chain.proceed(request);
        }
        Connection connection = chain.connection();
        String host = request.url().host();
        Proxy proxy = connection == null ? null : connection.route().proxy();
        if (proxy == null || proxy.type() != Proxy.Type.DIRECT) {
            throw new RequestRefused("plain http to " + host + " would go through the proxy" + describe(proxy)
                    + " of the OkHttpClient, which would read the credentials in clear."
                    + " Without allowInsecureHttp(true) plain http is sent only directly to a loopback address."
                    + " Exempt " + host + " from the proxy of the OkHttpClient (its proxy or proxySelector), use https,"
                    + " or call allowInsecureHttp(true) if you really mean it");
        }
        InetAddress remote = connection.socket().getInetAddress();
        if (remote == null || !remote.isLoopbackAddress()) {
            throw new RequestRefused("plain http to " + host + " is connected to " + (remote == null ? "an unknown address"
                    : remote.getHostAddress()) + ", not a loopback address. Without allowInsecureHttp(true) plain http"
                    + " is sent only to loopback addresses. Use https, or call allowInsecureHttp(true) if you really mean it");
        }
        return chain.proceed(request);
    }

    private static String describe(Proxy proxy) {
        if (proxy == null || !(proxy.address() instanceof InetSocketAddress)) {
            return "";
        }
        InetSocketAddress a = (InetSocketAddress) proxy.address();
        return " " + a.getHostString() + ":" + a.getPort();
    }

    private static String addresses(List<InetAddress> all) {
        if (all.isEmpty()) {
            return "no address";
        }
        StringBuilder b = new StringBuilder();
        for (InetAddress a : all) {
            b.append(b.length() == 0 ? "" : ", ").append(a.getHostAddress());
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LoopbackGuard)) {
            return false;
        }
        LoopbackGuard other = (LoopbackGuard) o;
        return delegate.equals(other.delegate) && allowInsecureHttp == other.allowInsecureHttp;
    }

    @Override
    public int hashCode() {
        return delegate.hashCode() * 31 + (allowInsecureHttp ? 1 : 0);
    }

    @Override
    public String toString() {
        return "LoopbackGuard{" + delegate + ", allowInsecureHttp=" + allowInsecureHttp + '}';
    }

    /** A loopback name resolved to no loopback address; thrown before any connection attempt. */
    static final class NotLoopback extends UnknownHostException {

        private static final long serialVersionUID = 1L;

        NotLoopback(String message) {
            super(message);
        }
    }
}
