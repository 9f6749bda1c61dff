package dev.commerceauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class StrictHostnameVerifierTest {

    @Test
    void rejectsNonAsciiHostsAndSansBeforeDelegating() throws Exception {
        HostnameVerifier delegate = mock(HostnameVerifier.class);
        SSLSession session = mock(SSLSession.class);
        X509Certificate cert = mock(X509Certificate.class);
        when(session.getPeerCertificates()).thenReturn(new Certificate[] {cert});
        when(delegate.verify("auth.commercelayer.io", session)).thenReturn(true);
        StrictHostnameVerifier strict = new StrictHostnameVerifier(delegate);

        List<?> ascii = Arrays.asList(2, "auth.commercelayer.io");
        when(cert.getSubjectAlternativeNames()).thenReturn(Collections.singletonList(ascii));
        assertTrue(strict.verify("auth.commercelayer.io", session));

        assertFalse(strict.verify("auth.c\u043emmercelayer.io", session));
        verify(delegate, never()).verify("auth.c\u043emmercelayer.io", session);

        List<?> unicodeSan = Arrays.asList(2, "*.\u0441ommercelayer.io");
        when(cert.getSubjectAlternativeNames()).thenReturn(Arrays.asList(ascii, unicodeSan));
        assertFalse(strict.verify("auth.commercelayer.io", session));
    }
}
