package dev.commerceauth.benchmarks;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.commerceauth.emulator.DemoCredentials;
import java.io.IOException;
import java.net.URI;

/**
 * The Nimbus OAuth 2.0 SDK: a {@code TokenRequest} sent with its own {@code HTTPRequest.send()}
 * (the JDK's {@code HttpURLConnection}, whose keep-alive cache reuses the connection), the
 * response parsed by {@code TokenResponse.parse}. The request object is built per fetch, as a
 * user's code would.
 */
final class NimbusSide implements VersusSide {

    private final URI tokenUri;
    private final ClientSecretPost auth = new ClientSecretPost(new ClientID(DemoCredentials.SELLYTICS_CLIENT_ID),
            new Secret(DemoCredentials.SELLYTICS_CLIENT_SECRET));
    private final Scope scope = new Scope(DemoCredentials.SELLYTICS_SCOPE);

    NimbusSide(String tokenUrl) {
        this.tokenUri = URI.create(tokenUrl);
    }

    @Override
    public String name() {
        return "Nimbus";
    }

    @Override
    public String fetch() throws IOException, ParseException {
        TokenRequest request = new TokenRequest.Builder(tokenUri, auth, new ClientCredentialsGrant()).scope(scope).build();
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new IOException("Nimbus: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse().getTokens().getAccessToken().getValue();
    }
}
