package dev.commerceauth.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@value #PREFIX} properties: named registrations, each one cached token provider.
 *
 * <pre>
 * commerceauth:
 *   registration:
 *     checkout:                       # the registration name: bean "checkoutTokenProvider", qualifier "checkout"
 *       provider: commercelayer
 *       client-id: ${CL_CLIENT_ID}
 *       client-secret: ${CL_CLIENT_SECRET}
 *       scopes: [ "market:id:xYZkjABcde" ]
 * </pre>
 *
 * <p>Secrets ({@code client-secret}, {@code password}) are never printed: {@link #toString()} leaves them
 * out and the Actuator {@code env} and {@code configprops} endpoints show them sanitized.
 */
@ConfigurationProperties(prefix = CommerceAuthProperties.PREFIX)
public class CommerceAuthProperties {

    /** The prefix of every property of the starter. */
    public static final String PREFIX = "commerceauth";

    /** Token provider registrations by name; the name becomes the bean name prefix and qualifier. */
    private Map<String, Registration> registration = new LinkedHashMap<>();

    /**
     * The registrations by name.
     *
     * @return the mutable map the binder fills
     */
    public Map<String, Registration> getRegistration() {
        return registration;
    }

    /**
     * Replaces the registrations.
     *
     * @param registration registrations by name
     */
    public void setRegistration(Map<String, Registration> registration) {
        this.registration = registration;
    }

    @Override
    public String toString() {
        return "CommerceAuthProperties" + registration;
    }

    /** A token endpoint. */
    public enum Provider {
        /** sellytics DATA API (Keycloak): needs {@code token-url}. */
        SELLYTICS,
        /** Shopware Admin API: needs {@code shop-url}. */
        SHOPWARE,
        /** Commerce Layer: {@code domain} (default {@code commercelayer.io}) or {@code base-url}. */
        COMMERCELAYER
    }

    /** The grant a registration obtains its tokens with. */
    public enum GrantType {
        /** {@code client_credentials}: client id and, except for a Commerce Layer sales channel, a secret. */
        CLIENT_CREDENTIALS,
        /** {@code password}: a user's name and password (Shopware admin, Commerce Layer customer); renewed with its refresh token. */
        PASSWORD
    }

    /** One cached token provider. */
    public static class Registration {

        /** The token endpoint's provider: sellytics, shopware or commercelayer. */
        private Provider provider;

        /** sellytics: the realm's token URL, e.g. https://sso.example.com/realms/{realm}/protocol/openid-connect/token. */
        private String tokenUrl;

        /** Shopware: the shop's base URL; the token endpoint is {shop-url}/api/oauth/token. */
        private String shopUrl;

        /** Commerce Layer: the domain (default commercelayer.io); the token endpoint is https://auth.{domain}/oauth/token. */
        private String domain;

        /** Commerce Layer: overrides the authentication base URL (https://auth.{domain}), for emulators and tests. */
        private String baseUrl;

        /** The grant: client-credentials (default) or password. */
        private GrantType grantType = GrantType.CLIENT_CREDENTIALS;

        /** The client id (Shopware: the access key id; Shopware password grant: default "administration"). */
        private String clientId;

        /** The client secret (Shopware: the secret access key); none for a Commerce Layer sales channel. Never printed. */
        private String clientSecret;

        /** Password grant: the user name (Shopware admin user, Commerce Layer customer e-mail). */
        private String username;

        /** Password grant: the user's password. Never printed. */
        private String password;

        /** Scopes to request, e.g. market:id:xYZkjABcde or sellytics-data-api (Shopware password grant: default write). */
        private List<String> scopes = new ArrayList<>();

        /** Upper bound of the soft margin, inside which the token is refreshed ahead in the background (SDK default 5m). */
        private Duration softMargin;

        /** Soft margin as a fraction of the token's lifetime (SDK default 0.15). */
        private Double softMarginFraction;

        /** Upper bound of the hard margin, inside which the token is no longer handed out (SDK default 30s). */
        private Duration hardMargin;

        /** Hard margin as a fraction of the token's lifetime (SDK default 0.05). */
        private Double hardMarginFraction;

        /** Longest time a caller waits for a token request in flight (SDK default 10s). */
        private Duration waitTimeout;

        /** Time limit of one request to the token endpoint, connect to last byte (SDK default). */
        private Duration callTimeout;

        /** Allows plain http to hosts other than loopback: credentials then travel unencrypted. */
        private boolean allowInsecureHttp;

        /**
         * The provider.
         *
         * @return the provider, or null when not set
         */
        public Provider getProvider() {
            return provider;
        }

        /**
         * Sets the provider.
         *
         * @param provider the provider
         */
        public void setProvider(Provider provider) {
            this.provider = provider;
        }

        /**
         * The sellytics token URL.
         *
         * @return the URL, or null
         */
        public String getTokenUrl() {
            return tokenUrl;
        }

        /**
         * Sets the sellytics token URL.
         *
         * @param tokenUrl the URL
         */
        public void setTokenUrl(String tokenUrl) {
            this.tokenUrl = tokenUrl;
        }

        /**
         * The Shopware shop URL.
         *
         * @return the URL, or null
         */
        public String getShopUrl() {
            return shopUrl;
        }

        /**
         * Sets the Shopware shop URL.
         *
         * @param shopUrl the URL
         */
        public void setShopUrl(String shopUrl) {
            this.shopUrl = shopUrl;
        }

        /**
         * The Commerce Layer domain.
         *
         * @return the domain, or null for the default
         */
        public String getDomain() {
            return domain;
        }

        /**
         * Sets the Commerce Layer domain.
         *
         * @param domain the domain
         */
        public void setDomain(String domain) {
            this.domain = domain;
        }

        /**
         * The Commerce Layer authentication base URL.
         *
         * @return the URL, or null for https://auth.{domain}
         */
        public String getBaseUrl() {
            return baseUrl;
        }

        /**
         * Sets the Commerce Layer authentication base URL.
         *
         * @param baseUrl the URL
         */
        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /**
         * The grant type.
         *
         * @return the grant type
         */
        public GrantType getGrantType() {
            return grantType;
        }

        /**
         * Sets the grant type.
         *
         * @param grantType the grant type
         */
        public void setGrantType(GrantType grantType) {
            this.grantType = grantType;
        }

        /**
         * The client id.
         *
         * @return the client id, or null
         */
        public String getClientId() {
            return clientId;
        }

        /**
         * Sets the client id.
         *
         * @param clientId the client id
         */
        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        /**
         * The client secret.
         *
         * @return the secret, or null
         */
        public String getClientSecret() {
            return clientSecret;
        }

        /**
         * Sets the client secret.
         *
         * @param clientSecret the secret
         */
        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        /**
         * The password grant's user name.
         *
         * @return the user name, or null
         */
        public String getUsername() {
            return username;
        }

        /**
         * Sets the password grant's user name.
         *
         * @param username the user name
         */
        public void setUsername(String username) {
            this.username = username;
        }

        /**
         * The password grant's password.
         *
         * @return the password, or null
         */
        public String getPassword() {
            return password;
        }

        /**
         * Sets the password grant's password.
         *
         * @param password the password
         */
        public void setPassword(String password) {
            this.password = password;
        }

        /**
         * The scopes.
         *
         * @return the mutable list the binder fills
         */
        public List<String> getScopes() {
            return scopes;
        }

        /**
         * Sets the scopes.
         *
         * @param scopes the scopes
         */
        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        /**
         * The soft margin's upper bound.
         *
         * @return the duration, or null for the SDK default
         */
        public Duration getSoftMargin() {
            return softMargin;
        }

        /**
         * Sets the soft margin's upper bound.
         *
         * @param softMargin the duration
         */
        public void setSoftMargin(Duration softMargin) {
            this.softMargin = softMargin;
        }

        /**
         * The soft margin's fraction of the lifetime.
         *
         * @return the fraction, or null for the SDK default
         */
        public Double getSoftMarginFraction() {
            return softMarginFraction;
        }

        /**
         * Sets the soft margin's fraction of the lifetime.
         *
         * @param softMarginFraction the fraction
         */
        public void setSoftMarginFraction(Double softMarginFraction) {
            this.softMarginFraction = softMarginFraction;
        }

        /**
         * The hard margin's upper bound.
         *
         * @return the duration, or null for the SDK default
         */
        public Duration getHardMargin() {
            return hardMargin;
        }

        /**
         * Sets the hard margin's upper bound.
         *
         * @param hardMargin the duration
         */
        public void setHardMargin(Duration hardMargin) {
            this.hardMargin = hardMargin;
        }

        /**
         * The hard margin's fraction of the lifetime.
         *
         * @return the fraction, or null for the SDK default
         */
        public Double getHardMarginFraction() {
            return hardMarginFraction;
        }

        /**
         * Sets the hard margin's fraction of the lifetime.
         *
         * @param hardMarginFraction the fraction
         */
        public void setHardMarginFraction(Double hardMarginFraction) {
            this.hardMarginFraction = hardMarginFraction;
        }

        /**
         * The wait timeout.
         *
         * @return the duration, or null for the SDK default
         */
        public Duration getWaitTimeout() {
            return waitTimeout;
        }

        /**
         * Sets the wait timeout.
         *
         * @param waitTimeout the duration
         */
        public void setWaitTimeout(Duration waitTimeout) {
            this.waitTimeout = waitTimeout;
        }

        /**
         * The call timeout of one token request.
         *
         * @return the duration, or null for the SDK default
         */
        public Duration getCallTimeout() {
            return callTimeout;
        }

        /**
         * Sets the call timeout of one token request.
         *
         * @param callTimeout the duration
         */
        public void setCallTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        /**
         * Whether plain http to hosts other than loopback is allowed.
         *
         * @return whether it is allowed
         */
        public boolean isAllowInsecureHttp() {
            return allowInsecureHttp;
        }

        /**
         * Allows plain http to hosts other than loopback.
         *
         * @param allowInsecureHttp whether to allow it
         */
        public void setAllowInsecureHttp(boolean allowInsecureHttp) {
            this.allowInsecureHttp = allowInsecureHttp;
        }

        /**
         * Describes the registration without its client id, user name or secrets.
         *
         * @return provider, grant type and scopes
         */
        @Override
        public String toString() {
            return "Registration{provider=" + provider + ", grantType=" + grantType + ", scopes=" + scopes
                    + ", clientSecret=" + (clientSecret == null ? "none" : "******")
                    + ", password=" + (password == null ? "none" : "******") + "}";
        }
    }
}
