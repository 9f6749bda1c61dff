package dev.commerceauth.core.internal.cache;

import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.RefreshTokenGrant;
import dev.commerceauth.core.Secret;
import dev.commerceauth.core.TokenClient;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * How a cache obtains the next token for its grant: with the refresh token when the grant
 * {@linkplain Grant#renewsWithRefreshToken() renews with one} and the client supports that, else
 * with a full grant; and what it remembers between requests (the {@link RenewalState}, swapped
 * atomically).
 *
 * <ul>
 *   <li>A rotated refresh token replaces the current one. One from a plain store is adopted only if
 *       it was issued after the current one (an older entry, left by a lost write, holds a revoked
 *       one); one from a coordinated store whenever the store's version changed
 *       ({@link #adoptFromStore}): the store, not a host's clock, says which is newer.</li>
 *   <li>A rejected ({@code invalid_grant}) refresh token makes the cache read the store again: a
 *       usable token there is taken, a newer refresh token there is tried once. Then an adopted
 *       refresh token is followed by one try with this cache's own. When the refresh tokens are
 *       rejected, a grant that {@linkplain Grant#regrantsAfterRejectedRefresh() regrants} sends
 *       exactly one full grant; any other fails with an {@link OAuthErrorException} saying that the user must re-authorize.</li>
 *   <li>A {@linkplain Grant#isSingleUse() single-use} grant (an authorization code) is sent at most
 *       until the server judged it: once exchanged or rejected (not rate limited, not a server
 *       error) it is never sent again.</li>
 * </ul>
 * Only the single request in flight calls {@link #obtain(Supplier)}, {@link #adopt(AccessToken)}
 * and {@link #adoptFromStore(AccessToken)}.
 */
final class Renewal {

    private final TokenClient client;
    private final Grant grant;
    /** The refresh token the grant itself carries, or null. */
    private final String carried;
    private final AtomicReference<RenewalState> state;
    /**
     * The last "the user must re-authorize" failure this renewal raised: it follows a rejected,
     * revoked or spent refresh token or code, so it is no verdict on the access token still cached.
     */
    private volatile OAuthErrorException reauthorize;

    Renewal(TokenClient client, Grant grant) {
        this.client = client;
        this.grant = grant;
        this.carried = grant.initialRefreshToken().map(Secret::reveal).orElse(null);
        this.state = new AtomicReference<>(RenewalState.startingWith(carried));
    }

    /** The current state. */
    RenewalState state() {
        return state.get();
    }

    /**
     * Obtains a new token: refresh when possible, else a full grant.
     *
     * @param reread asked after the server rejected the refresh token, before any fallback: a usable
     *     token from the store to take instead (null if none); it may {@linkplain #adoptFromStore
     *     adopt} the store's newer refresh token, which is then tried once
     * @return the token the client returned (null if it returned none), or the one {@code reread} found
     * @throws OAuthErrorException when the server rejected the request, or the user must re-authorize
     */
    AccessToken obtain(Supplier<AccessToken> reread) {
        boolean renews = grant.renewsWithRefreshToken();
        String rt = state.get().refreshToken();
        if (renews && rt != null) {
            Grant refresh = refreshGrant(rt);
            if (client.supports(refresh)) {
                try {
                    return keep(client.requestToken(refresh), false);
                } catch (OAuthErrorException e) {
                    if (!e.isInvalidGrant()) {
                        throw e;
                    }
                    return afterRejectedRefresh(e, rt, reread);
                }
            }
        }
        return fullGrant(renews);
    }

    /**
     * The refresh token {@code spent} was rejected: take a usable token from the store, or try the
     * store's newer refresh token once; then this cache's own once if the rejected one was adopted
     * from the store (another process may have rotated it and lost the write); then a full grant
     * if the grant allows one.
     */
    private AccessToken afterRejectedRefresh(OAuthErrorException rejected, String spent,
            Supplier<AccessToken> reread) {
        OAuthErrorException e = rejected;
        AccessToken stored = reread.get(); // another process may have rotated it meanwhile
        if (stored != null) {
            return stored;
        }
        String newer = state.get().refreshToken();
        if (newer != null && !newer.equals(spent)) {
            try {
                return keep(client.requestToken(refreshGrant(newer)), false);
            } catch (OAuthErrorException again) {
                if (!again.isInvalidGrant()) {
                    throw again;
                }
                e = again;
            }
        }
        String own = state.get().fallback();
        if (own != null && !own.equals(spent)) {
            try {
                return keep(client.requestToken(refreshGrant(own)), false);
            } catch (OAuthErrorException again) {
                if (!again.isInvalidGrant()) {
                    throw again;
                }
                e = again;
            }
        }
        state.updateAndGet(RenewalState::rejected);
        if (!grant.regrantsAfterRejectedRefresh()) {
            throw reauthorize(e, grant.isSingleUse()
                    ? "The refresh token was rejected and an authorization code can be exchanged only once;"
                            + " the user must re-authorize"
                    : "The refresh token was rejected; the user must re-authorize");
        }
        return fullGrant(true); // exactly one full grant with the original credentials
    }

    private AccessToken fullGrant(boolean renews) {
        if (carried != null) {
            throw reauthorize(null, "No usable refresh token is left; the user must re-authorize");
        }
        boolean singleUse = grant.isSingleUse();
        if (singleUse && state.get().codeSpent()) {
            throw reauthorize(null, "The authorization code was already exchanged and no refresh token is"
                    + " available; the user must re-authorize");
        }
        AccessToken token;
        try {
            token = client.requestToken(grant);
        } catch (OAuthErrorException e) {
            // the server judged the code (and may have consumed it); a rate limit or a server error
            // did not, so the code may be tried again after the backoff
            if (singleUse && !(e instanceof RateLimitedException) && !e.isRetryable()) {
                state.updateAndGet(RenewalState::spent);
            }
            throw e;
        }
        if (singleUse) {
            state.updateAndGet(RenewalState::spent);
        }
        return renews ? keep(token, false) : token;
    }

    private OAuthErrorException reauthorize(OAuthErrorException cause, String message) {
        OAuthErrorException e = CacheErrors.reauthorize(cause, message);
        reauthorize = e;
        return e;
    }

    /**
     * Whether {@code failure} is a "the user must re-authorize" failure this renewal raised after a
     * refresh token was rejected or revoked (or a code spent): the refresh token is gone, but that is
     * no verdict on an access token that is still usable.
     */
    boolean isReauthorize(Throwable failure) {
        return failure != null && failure == reauthorize;
    }

    /**
     * {@code value} was revoked through the client: if it is one of the refresh tokens this renewal
     * would use, it is never sent again (for a grant that carries its own refresh token, that one
     * included: the user must then re-authorize). Called on any thread.
     */
    void revoked(String value) {
        state.updateAndGet(s -> s.without(value));
    }

    /**
     * Adopts the refresh token of {@code stored}, a token found in the store, if the grant renews
     * with refresh tokens and it is newer than the current one.
     */
    void adopt(AccessToken stored) {
        if (grant.renewsWithRefreshToken() && stored.refreshToken().isPresent()
                && state.get().isOlderThan(stored.issuedAt().toEpochMilli())) {
            keep(stored, true);
        }
    }

    /**
     * Adopts the refresh token of a token read from a coordinated store whose version changed since
     * this cache last wrote or adopted it: the store's entry is the fleet's newest.
     */
    void adoptFromStore(AccessToken stored) {
        if (grant.renewsWithRefreshToken() && stored.refreshToken().isPresent()) {
            keep(stored, true);
        }
    }

    private Grant refreshGrant(String rt) {
        return rt.equals(carried) ? grant : RefreshTokenGrant.forToken(grant, rt);
    }

    private AccessToken keep(AccessToken token, boolean adopted) {
        String rotated = token == null ? null : token.refreshToken().orElse(null);
        if (rotated != null) {
            long at = token.issuedAt().toEpochMilli();
            state.updateAndGet(s -> s.rotated(rotated, at, adopted));
        }
        return token;
    }
}
