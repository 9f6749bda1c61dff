package dev.commerceauth.commercelayer;

import dev.commerceauth.core.Secret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * The two headers a trusted backend sends with a Commerce Layer token request, as
 * {@code @commercelayer/js-auth} does with its {@code headers} option (an enterprise feature):
 * {@code x-backend-auth}, the backend's key, and {@code x-true-client-ip}, the IP address of the
 * end user the backend acts for. With both, Commerce Layer counts its token rate limit (30
 * requests per minute) per end user instead of per server.
 *
 * <pre>{@code
 * CommerceLayerBackendHeaders headers = CommerceLayerBackendHeaders.builder()
 *         .backendAuth(Secret.of(System.getenv("COMMERCELAYER_BACKEND_AUTH")))
 *         .trueClientIp(request.getRemoteAddr())          // the shopper's address, as your edge saw it
 *         .build();
 * AccessToken token = commerceLayer.requestToken(customerLogin, headers);
 * }</pre>
 *
 * <p>They travel with token requests only ({@link CommerceLayerAuth#requestToken(dev.commerceauth.core.Grant,
 * CommerceLayerBackendHeaders)}, or every token request of
 * {@link CommerceLayerAuth#withBackendHeaders(CommerceLayerBackendHeaders)}), never with revocations,
 * like js-auth. {@code x-backend-auth} is a secret: it is masked in {@link #toString()}, never
 * logged, and removed from every message built from an answer. Both values are checked when the
 * headers are built: no CR, LF or other control character can reach the wire.
 *
 * <p>Immutable and thread-safe; equal when both values are equal.
 */
public final class CommerceLayerBackendHeaders {

    /** The header carrying the backend's key. */
    public static final String BACKEND_AUTH_HEADER = "x-backend-auth";

    /** The header carrying the end user's IP address. */
    public static final String TRUE_CLIENT_IP_HEADER = "x-true-client-ip";

    private final Secret backendAuth;
    private final String trueClientIp;

    private CommerceLayerBackendHeaders(Builder b) {
        if (b.backendAuth == null) {
            throw new IllegalArgumentException("backendAuth is required: Commerce Layer honours "
                    + TRUE_CLIENT_IP_HEADER + " only with a valid " + BACKEND_AUTH_HEADER);
        }
        this.backendAuth = b.backendAuth;
        this.trueClientIp = b.trueClientIp;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The value of {@code x-backend-auth}.
     *
     * @return the backend's key
     */
    public Secret backendAuth() {
        return backendAuth;
    }

    /**
     * The value of {@code x-true-client-ip}.
     *
     * @return the end user's IP address, or empty when only {@code x-backend-auth} is sent
     */
    public Optional<String> trueClientIp() {
        return Optional.ofNullable(trueClientIp);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CommerceLayerBackendHeaders)) {
            return false;
        }
        CommerceLayerBackendHeaders that = (CommerceLayerBackendHeaders) o;
        return backendAuth.equals(that.backendAuth) && Objects.equals(trueClientIp, that.trueClientIp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backendAuth, trueClientIp);
    }

    /**
     * Shows the IP address and a mask for the key.
     *
     * @return for example {@code CommerceLayerBackendHeaders{x-backend-auth=****, x-true-client-ip=203.0.113.7}}
     */
    @Override
    public String toString() {
        return "CommerceLayerBackendHeaders{" + BACKEND_AUTH_HEADER + "=" + backendAuth
                + (trueClientIp == null ? "" : ", " + TRUE_CLIENT_IP_HEADER + "=" + trueClientIp) + '}';
    }

    /** Builds {@link CommerceLayerBackendHeaders}; not thread-safe. */
    public static final class Builder {
        private Secret backendAuth;
        private String trueClientIp;

        private Builder() {
        }

        /**
         * Sets {@code x-backend-auth} (required).
         *
         * @param backendAuth the backend's key (printable ASCII, as every {@link Secret#of(String)})
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder backendAuth(Secret backendAuth) {
            if (backendAuth == null) {
                throw new IllegalArgumentException("backendAuth must not be null");
            }
            this.backendAuth = backendAuth;
            return this;
        }

        /**
         * Sets {@code x-backend-auth} (required) from its text.
         *
         * @param backendAuth the backend's key: printable ASCII, no CR, LF or other control character
         * @return this builder
         * @throws IllegalArgumentException if null, empty or with a forbidden character; the
         *     message never quotes the value
         */
        public Builder backendAuth(String backendAuth) {
            try {
                return backendAuth(Secret.of(backendAuth));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("backendAuth: " + e.getMessage());
            }
        }

        /**
         * Sets {@code x-true-client-ip} (optional): the end user's IP address.
         *
         * @param ip an IPv4 literal ({@code 203.0.113.7}) or IPv6 literal ({@code 2001:db8::7});
         *     never a host name (nothing is resolved), no brackets, zone, port or whitespace
         * @return this builder
         * @throws IllegalArgumentException if it is not an IP literal; the message does not quote it
         */
        public Builder trueClientIp(String ip) {
            if (!IpLiteral.isValid(ip)) {
                throw new IllegalArgumentException("trueClientIp must be an IPv4 or IPv6 address literal such as "
                        + "203.0.113.7 or 2001:db8::7 (no host name, brackets, zone, port, whitespace or line break)");
            }
            this.trueClientIp = ip;
            return this;
        }

        /**
         * Sets {@code x-true-client-ip} (optional) from an address; its scope (zone) is dropped and
         * nothing is resolved.
         *
         * @param ip the end user's address
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder trueClientIp(InetAddress ip) {
            if (ip == null) {
                throw new IllegalArgumentException("trueClientIp must not be null");
            }
            try {
                return trueClientIp(InetAddress.getByAddress(ip.getAddress()).getHostAddress());
            } catch (UnknownHostException e) { // only for an address of illegal length, which InetAddress never has
                throw new IllegalArgumentException("trueClientIp is not an IPv4 or IPv6 address", e);
            }
        }

        /**
         * Builds the headers.
         *
         * @return the headers
         * @throws IllegalArgumentException if {@code backendAuth} is missing
         */
        public CommerceLayerBackendHeaders build() {
            return new CommerceLayerBackendHeaders(this);
        }
    }
}
