package com.example.consumer;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.sellytics.SellyticsAuth;

/** Fetches one sellytics token, as an integrator's code would: {@code FetchToken <tokenUrl> <clientId> <clientSecret>}. */
public final class FetchToken {

    private FetchToken() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: FetchToken <tokenUrl> <clientId> <clientSecret>");
        }
        SellyticsAuth sellytics = SellyticsAuth.builder().tokenUrl(args[0]).build();
        AccessToken token = sellytics.requestToken(ClientCredentialsGrant.builder()
                .clientId(args[1])
                .clientSecret(args[2])
                .scope(Scope.of("sellytics-data-api"))
                .build());
        if (token.isExpired(java.time.Clock.systemUTC())) {
            throw new IllegalStateException("received an expired token: " + token);
        }
        System.out.println("consumer-check: got " + token);
    }
}
