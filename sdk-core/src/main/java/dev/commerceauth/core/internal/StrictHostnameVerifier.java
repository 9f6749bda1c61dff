package dev.commerceauth.core.internal;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Internal: closes OkHttp 3.14.9's CVE-2021-0341. Rejects hosts and certificate subject
 * alternative names that contain non-ASCII characters, then delegates to the wrapped verifier.
 *
 * <p>Every hardened client uses one instance over OkHttp's own {@code OkHostnameVerifier}
 * ({@code Transport.strictHostnameVerifier()}), never over the verifier of a caller's client, which
 * may accept every host.
 */
final class StrictHostnameVerifier implements HostnameVerifier {

    private static final int SAN_DNS = 2;

    private final HostnameVerifier delegate;

    /**
     * Wraps a verifier.
     *
     * @param delegate the verifier that does the actual matching
     */
    StrictHostnameVerifier(HostnameVerifier delegate) {
        this.delegate = delegate;
    }

    /**
     * Verifies the host against the peer certificate.
     *
     * @param host the host name connected to
     * @param session the TLS session
     * @return whether the host is valid for the certificate
     */
    @Override
    public boolean verify(String host, SSLSession session) {
        if (host == null || !Ascii.hasOnlyVisible(host)) {
            return false;
        }
        try {
            Certificate[] certs = session.getPeerCertificates();
            if (certs.length == 0 || !(certs[0] instanceof X509Certificate)) {
                return false;
            }
            if (!sansAscii((X509Certificate) certs[0])) {
                return false;
            }
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
        return delegate.verify(host, session);
    }

    static boolean sansAscii(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return true;
            }
            for (List<?> san : sans) {
                if (san.size() >= 2 && san.get(0) instanceof Integer && (Integer) san.get(0) == SAN_DNS
                        && san.get(1) instanceof String && !Ascii.hasOnlyVisible((String) san.get(1))) {
                    return false;
                }
            }
            return true;
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
