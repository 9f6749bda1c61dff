package dev.commerceauth.core.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.internal.Util;
import okhttp3.internal.platform.Platform;

/**
 * Internal: the TLS set-up of the SDK's own clients (those built without a caller's
 * {@code OkHttpClient}): the platform's trust store and {@code SSLContext}, exactly as OkHttp 3
 * sets them up by default, without the index of trusted roots OkHttp builds next to them.
 *
 * <p>When a client is built without a socket factory of its own, OkHttp 3.14.9 also builds a
 * {@code CertificateChainCleaner} over an index of every root the trust manager accepts, keyed by
 * subject name (one canonicalised X.500 name per root: about 20–35 ms of a cold start for the JDK's
 * trust store). That cleaner serves certificate pinning alone, and the SDK's own clients have no
 * pins: a caller who pins certificates passes their own client ({@code okHttpClient(...)}), whose
 * TLS set-up is kept as it is. So OkHttp gets the platform's socket factory together with a view of
 * the platform's trust manager that lists no accepted issuers; the handshake itself never sees that
 * view (the {@code SSLContext} holds the platform's trust manager), so certificates are verified
 * exactly as before. Pins added later to such a client fail closed: OkHttp cannot build a chain to
 * pin against and refuses the connection.
 */
final class PlatformTls {

    private PlatformTls() {
    }

    /**
     * Gives a builder the platform's TLS set-up without OkHttp's trust-root index.
     *
     * @param builder the builder of a client without a socket factory of its own
     * @return the same builder
     * @throws IllegalStateException if the platform has no usable default TLS (as OkHttp would)
     */
    static OkHttpClient.Builder apply(OkHttpClient.Builder builder) {
        X509TrustManager trust = Util.platformTrustManager();
        SSLContext context = Platform.get().getSSLContext();
        try {
            context.init(null, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No usable TLS on this JVM: " + e.getMessage(), e);
        }
        return builder.sslSocketFactory(context.getSocketFactory(), new WithoutIssuerList(trust));
    }

    /**
     * The platform's trust manager as OkHttp's chain cleaner sees it: checks delegated, no issuers
     * listed (so no index of them is built).
     */
    static final class WithoutIssuerList implements X509TrustManager {

        private final X509TrustManager platform;

        WithoutIssuerList(X509TrustManager platform) {
            this.platform = platform;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            platform.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            platform.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
