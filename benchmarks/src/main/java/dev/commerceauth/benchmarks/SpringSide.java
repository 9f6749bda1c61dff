package dev.commerceauth.benchmarks;

import dev.commerceauth.emulator.DemoCredentials;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * Spring Security's OAuth2 client: {@code RestClientClientCredentialsTokenResponseClient} (the
 * non-deprecated client_credentials token client since 6.4) with its default {@code RestClient},
 * which on JDK 11+ without Apache, Jetty or Reactor Netty on the class path sends over the JDK's
 * {@code HttpClient} (pooled connections). The JSON converter is the one Spring finds: Gson here
 * (no Jackson on the class path), lighter than the Jackson a Spring Boot application would have.
 */
final class SpringSide implements VersusSide {

    private final RestClientClientCredentialsTokenResponseClient client = new RestClientClientCredentialsTokenResponseClient();
    private final ClientRegistration registration;

    SpringSide(String tokenUrl) {
        this.registration = ClientRegistration.withRegistrationId("sellytics")
                .clientId(DemoCredentials.SELLYTICS_CLIENT_ID)
                .clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope(DemoCredentials.SELLYTICS_SCOPE)
                .tokenUri(tokenUrl)
                .build();
    }

    @Override
    public String name() {
        return "Spring";
    }

    @Override
    public String fetch() {
        return client.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration)).getAccessToken().getTokenValue();
    }
}
