package dev.commerceauth.core.internal;

import dev.commerceauth.core.InvalidResponseException;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.logging.Level;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Internal: executes a call of a generated Retrofit API and turns every outcome that is not a 2xx
 * answer into a typed {@link TokenException}.
 */
final class TokenCalls {

    private final Provider provider;
    private final ErrorMapper errors;

    /**
     * Creates the executor.
     *
     * @param provider the provider, for messages
     * @param clock the clock, for {@code Retry-After} dates
     */
    TokenCalls(Provider provider, Clock clock) {
        this.provider = provider;
        this.errors = new ErrorMapper(provider, clock);
    }

    /**
     * Executes a call.
     *
     * @param call the call built by a generated API
     * @param action what is attempted, for messages, for example {@code client_credentials token request}
     * @param redactor removes the request's secrets from anything taken from the answer
     * @param <T> the model type
     * @return the successful response
     * @throws TokenException for every failure
     */
    <T> Response<T> execute(Call<T> call, String action, Redactor redactor) {
        Response<T> response;
        WatchdogAnchor.SHARED.touch();
        try {
            response = call.execute();
        } catch (ResponseSignal s) {
            throw signal(s, action, redactor, call.request().url());
        } catch (RequestRefused | LoopbackGuard.NotLoopback e) {
            throw new TransportException(provider.displayName() + " " + action + " was not sent: "
                    + redactor.redact(e.getMessage()) + ".", RedactedCause.redact(e, redactor), false);
        } catch (SSLPeerUnverifiedException e) {
            throw unverified(call, action, e, redactor);
        } catch (SocketTimeoutException e) {
            throw transport(action, e, true, redactor);
        } catch (InterruptedIOException e) {
            throw transport(action, e, "timeout".equals(e.getMessage()), redactor);
        } catch (IOException e) {
            throw transport(action, e, false, redactor);
        }
        int status = response.code();
        if (response.isSuccessful()) {
            Provider.LOG.log(Level.FINE, "{0}: {1} answered HTTP {2}",
                    new Object[] {provider.displayName(), action, status});
            return response;
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().get("Location");
            throw new InvalidResponseException(provider.displayName() + " answered the " + action
                    + " with a redirect (HTTP " + status + ") to " + describeLocation(location, redactor)
                    + ". Redirects are never followed so that credentials are not sent elsewhere;"
                    + " configure the final endpoint URL.", status);
        }
        String body = "";
        String contentType = null;
        try (ResponseBody errorBody = response.errorBody()) {
            if (errorBody != null) {
                contentType = errorBody.contentType() == null ? null
                        : errorBody.contentType().type() + "/" + errorBody.contentType().subtype();
                body = errorBody.string();
            }
        } catch (IOException e) {
            throw transport(action, e, false, redactor);
        }
        TokenException ex = errors.map(status, contentType, body, response.headers(), action, redactor,
                call.request().url());
        Provider.LOG.log(Level.FINE, "{0}: {1} failed: {2}",
                new Object[] {provider.displayName(), action, ex.getMessage()});
        throw ex;
    }

    /**
     * The Location without user info, query and fragment (which may carry credentials, codes or
     * tokens), with the request's secrets redacted from what remains.
     */
    static String describeLocation(String location, Redactor redactor) {
        if (location == null) {
            return "no Location";
        }
        okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(location);
        return url == null ? Endpoints.withoutCredentials(location, redactor::redact)
                : Endpoints.withoutCredentials(url, redactor::redact);
    }

    private TokenException signal(ResponseSignal s, String action, Redactor redactor, okhttp3.HttpUrl url) {
        switch (s.kind) {
            case TOO_LARGE:
                return new InvalidResponseException(provider.displayName() + " answered the " + action
                        + " (HTTP " + s.status + ") with a body larger than "
                        + BodyCapInterceptor.MAX_BODY_BYTES / 1024 + " KiB; it was not read."
                        + " Check that the endpoint URL points at the token endpoint.", s.status);
            case NOT_A_STRING:
                return new InvalidResponseException(provider.displayName() + " answered the " + action
                        + " (HTTP " + s.status + ") with JSON that does not match its token response format: "
                        + redactor.redact(s.body) + " is not a JSON string. The answer was not used."
                        + " Check that the endpoint URL points at the token endpoint.", s.status);
            case ERROR_IN_SUCCESS:
                return errors.map(s.status, s.contentType, s.body, null, action, redactor, url);
            case NOT_JSON:
            default:
                return new InvalidResponseException(provider.displayName() + " answered the " + action
                        + " (HTTP " + s.status + ") with a body that is not a JSON object (" + redactor.redact(s.contentType)
                        + (s.contentType.contains("html") ? ", an HTML page" : "")
                        + "). Check the endpoint URL and that no proxy or login page answers in the server's place.",
                        s.status);
        }
    }

    /**
     * The server's certificate was not accepted for the host after the TLS handshake: its names do
     * not match the host (OkHttp says {@code Hostname … not verified}), or it matches none of the
     * client's certificate pins. Nothing was sent.
     */
    private TransportException unverified(Call<?> call, String action, SSLPeerUnverifiedException e,
            Redactor redactor) {
        String host = call.request().url().host();
        String detail = e.getMessage() == null ? "" : " (" + redactor.redact(e.getMessage()).replaceAll("\\s+", " ").trim() + ")";
        Throwable cause = RedactedCause.redact(e, redactor);
        if (e.getMessage() != null && e.getMessage().startsWith("Hostname ")) {
            return new TransportException("The certificate " + provider.displayName() + " presented for the " + action
                    + " does not match the host name " + host + detail + "; nothing was sent. Host names are always"
                    + " verified strictly, whatever HostnameVerifier the OkHttpClient has: use the host name the"
                    + " certificate is issued for in the endpoint URL, or have the server's certificate fixed.", cause, false);
        }
        return new TransportException("The certificate " + provider.displayName() + " presented for the " + action
                + " was not accepted for " + host + detail + "; nothing was sent. Check the certificate pins of the"
                + " OkHttpClient and the server's certificate.", cause, false);
    }

    private TransportException transport(String action, IOException e, boolean timeout, Redactor redactor) {
        Throwable cause = RedactedCause.redact(e, redactor);
        String name = provider.displayName();
        if (TUNNEL_PROXY_AUTH.equals(e.getMessage())) {
            return new TransportException("The proxy of the OkHttpClient answered the tunnel (CONNECT) for the " + name
                    + " " + action + " with HTTP 407 Proxy Authentication Required: it wants credentials, and"
                    + " nothing was sent to " + name + ". " + ErrorMapper.PROXY_CREDENTIALS_ADVICE, cause, false);
        }
        if (e.getMessage() != null && e.getMessage().startsWith(PROXY_AUTH_WITHOUT_PROXY)) {
            return new TransportException(name + " answered the " + action + " with HTTP 407 Proxy Authentication"
                    + " Required although the OkHttpClient uses no proxy: a proxy on the way wants credentials."
                    + " Configure it with proxy(...) or proxySelector(...), and its credentials with"
                    + " proxyAuthenticator, on the OkHttpClient passed to the builder's okHttpClient(...).", cause, false);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + redactor.redact(e.getMessage());
        return new TransportException((timeout ? "Timed out waiting for " : "Could not reach ")
                + name + " for the " + action + " (" + detail + ")."
                + (timeout ? " Retry later or raise the timeouts." : " Check the network and the endpoint URL; retry later."),
                cause, timeout);
    }

    /** OkHttp 3.14's message when the proxy answers a tunnel's CONNECT with 407 and no credentials come. */
    static final String TUNNEL_PROXY_AUTH = "Failed to authenticate with proxy";

    /** The start of OkHttp 3.14's message when a 407 comes back over a direct connection. */
    static final String PROXY_AUTH_WITHOUT_PROXY = "Received HTTP_PROXY_AUTH (407) code while not using proxy";
}
