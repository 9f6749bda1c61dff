package dev.commerceauth.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * One request to a token or revocation endpoint, as the emulator recorded it. It holds no secret:
 * no client secret, password, code, assertion or token is ever recorded.
 */
public final class RecordedTokenRequest {

    private final Instant timestamp;
    private final Dialect dialect;
    private final String method;
    private final String path;
    private final String grantType;
    private final String clientId;
    private final int responseStatus;
    private final boolean backendAuthSent;
    private final boolean backendAuthAccepted;
    private final String trueClientIp;

    private RecordedTokenRequest(Instant timestamp, Dialect dialect, String method, String path,
            String grantType, String clientId, int responseStatus) {
        this(timestamp, dialect, method, path, grantType, clientId, responseStatus, false, false, null);
    }

    private RecordedTokenRequest(Instant timestamp, Dialect dialect, String method, String path,
            String grantType, String clientId, int responseStatus, boolean backendAuthSent,
            boolean backendAuthAccepted, String trueClientIp) {
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.grantType = grantType;
        this.clientId = clientId;
        this.responseStatus = responseStatus;
        this.backendAuthSent = backendAuthSent;
        this.backendAuthAccepted = backendAuthAccepted;
        this.trueClientIp = trueClientIp;
    }

    /**
     * This record with what a Commerce Layer token request carried of a trusted backend's headers
     * (never the key itself).
     *
     * @param backendAuthSent whether {@code x-backend-auth} was sent
     * @param backendAuthAccepted whether it carried the emulator's configured key
     * @param trueClientIp the {@code x-true-client-ip} the rate limit counted the request for, or
     *     {@code null} when it was not honoured (absent, not an IP literal, or no accepted key)
     * @return the new record
     */
    public RecordedTokenRequest withBackendHeaders(boolean backendAuthSent, boolean backendAuthAccepted,
            String trueClientIp) {
        return new RecordedTokenRequest(timestamp, dialect, method, path, grantType, clientId, responseStatus,
                backendAuthSent, backendAuthAccepted, trueClientIp);
    }

    /**
     * Creates a record.
     *
     * @param timestamp when the request arrived, per the emulator's clock
     * @param dialect the dialect whose endpoint was hit
     * @param method the HTTP method
     * @param path the request path, without query
     * @param grantType the {@code grant_type} sent, or {@code null}
     * @param clientId the client id sent (form, JSON or HTTP Basic), or {@code null}
     * @param responseStatus the HTTP status answered, or {@code 0} when the connection was dropped
     * @return the record
     */
    public static RecordedTokenRequest of(Instant timestamp, Dialect dialect, String method, String path,
            String grantType, String clientId, int responseStatus) {
        return new RecordedTokenRequest(timestamp, dialect, method, path, grantType, clientId, responseStatus);
    }

    /**
     * When the request arrived, per the emulator's clock.
     *
     * @return the instant
     */
    public Instant timestamp() {
        return timestamp;
    }

    /**
     * The dialect whose endpoint was hit.
     *
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * The HTTP method.
     *
     * @return for example {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * The request path, without query string.
     *
     * @return for example {@code /shopware/api/oauth/token}
     */
    public String path() {
        return path;
    }

    /**
     * The {@code grant_type} the client sent.
     *
     * @return the grant type, or {@code null} when none was sent (always {@code null} for revocations)
     */
    public String grantType() {
        return grantType;
    }

    /**
     * The client id the client sent, in the body or by HTTP Basic.
     *
     * @return the client id, or {@code null}
     */
    public String clientId() {
        return clientId;
    }

    /**
     * The HTTP status the emulator answered.
     *
     * @return the status, or {@code 0} when the connection was dropped by a fault
     */
    public int responseStatus() {
        return responseStatus;
    }

    /**
     * Whether the request carried Commerce Layer's {@code x-backend-auth} header.
     *
     * @return whether it was sent (its value is never recorded)
     */
    public boolean backendAuthSent() {
        return backendAuthSent;
    }

    /**
     * Whether the request's {@code x-backend-auth} carried the key configured with
     * {@link TokenServerEmulator.Builder#commerceLayerBackendAuth(String)}.
     *
     * @return whether it was accepted
     */
    public boolean backendAuthAccepted() {
        return backendAuthAccepted;
    }

    /**
     * The end user's IP address of Commerce Layer's {@code x-true-client-ip}, when the emulator
     * honoured it (a valid IP literal with an accepted {@code x-backend-auth}): the rate limit
     * counted the request for this address instead of the connection's.
     *
     * @return the address, or {@code null} when none was honoured
     */
    public String trueClientIp() {
        return trueClientIp;
    }

    /**
     * Whether this was a request to a token endpoint (as opposed to a revocation endpoint).
     *
     * @return {@code true} for {@code .../token}
     */
    public boolean isTokenRequest() {
        return path.endsWith("/token");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecordedTokenRequest)) {
            return false;
        }
        RecordedTokenRequest that = (RecordedTokenRequest) o;
        return responseStatus == that.responseStatus && backendAuthSent == that.backendAuthSent
                && backendAuthAccepted == that.backendAuthAccepted && Objects.equals(trueClientIp, that.trueClientIp)
                && timestamp.equals(that.timestamp)
                && dialect == that.dialect && method.equals(that.method) && path.equals(that.path)
                && Objects.equals(grantType, that.grantType) && Objects.equals(clientId, that.clientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, dialect, method, path, grantType, clientId, responseStatus, backendAuthSent,
                backendAuthAccepted, trueClientIp);
    }

    @Override
    public String toString() {
        return "RecordedTokenRequest{" + timestamp + " " + dialect + " " + method + " " + path
                + " grant_type=" + grantType + " client_id=" + clientId
                + (backendAuthSent ? " x-backend-auth=" + (backendAuthAccepted ? "accepted" : "rejected") : "")
                + (trueClientIp != null ? " x-true-client-ip=" + trueClientIp : "") + " -> " + responseStatus + "}";
    }
}
