package dev.commerceauth.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.RateLimitedException;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenException;
import dev.commerceauth.core.TransportException;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.emulator.Dialect;
import dev.commerceauth.emulator.ManualClock;
import dev.commerceauth.emulator.RecordedTokenRequest;
import dev.commerceauth.emulator.TokenServerEmulator;
import dev.commerceauth.sellytics.SellyticsAuth;
import dev.commerceauth.shopware.ShopwareAuth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * <h2>Faults: the cached provider against the emulator's fault injection, over loopback</h2>
 *
 * One {@link ManualClock} drives the emulator (token {@code exp}, rate-limit and login-throttle
 * windows, request timestamps), the token client (send times) and the {@link CachingTokenProvider}
 * (margins, backoff), so expiry and backoff are reached by moving the clock, not by sleeping. The
 * provider runs its requests on the calling thread ({@code executor(Runnable::run)}), which makes
 * each background refresh finish before {@code token()} returns: request counts are exact. Real
 * time is used only for the read-timeout case (300 ms).
 *
 * <p>Tokens live 20 s here: soft margin {@code min(5 min, 15 %)} = 3 s, hard margin
 * {@code min(30 s, 5 %)} = 1 s. Backoff after the n-th consecutive failure is between half and all
 * of {@code min(30 s, 1 s * 2^(n-1))}; a 429 waits the server's time instead (bounded by 60 s).
 *
 * <p>Every token handed out is checked: not expired by the SDK's own expiry nor by the emulator's
 * JWT {@code exp}.
 */
class FaultInjectionTest {

    static final Duration LIFETIME = Duration.ofSeconds(20);

    private ManualClock clock;
    private TokenServerEmulator emulator;
    private CachingTokenProvider provider;

    @BeforeEach
    void start() {
        clock = ManualClock.startingNow();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private TokenServerEmulator emulator(TokenServerEmulator.Builder b) {
        emulator = b.clock(clock).tokenLifetime(LIFETIME).start();
        return emulator;
    }

    private CachingTokenProvider cached(TokenClient client, Grant grant) {
        provider = CachingTokenProvider.builder(client, grant).clock(clock).executor(Runnable::run).build();
        return provider;
    }

    private SellyticsAuth sellytics() {
        return SellyticsAuth.builder().tokenUrl(emulator.sellyticsTokenUrl()).clock(clock).build();
    }

    private static ClientCredentialsGrant sellyticsGrant() {
        return ClientCredentialsGrant.builder().clientId(DemoCredentials.SELLYTICS_CLIENT_ID)
                .clientSecret(DemoCredentials.SELLYTICS_CLIENT_SECRET).scope(SellyticsAuth.DATA_API_SCOPE).build();
    }

    /** The token is usable now: before its SDK expiry and before the emulator's JWT exp. */
    private AccessToken usable(AccessToken t) {
        Instant now = clock.instant();
        assertTrue(now.isBefore(t.expiresAt()), () -> "expired token handed out: expiresAt " + t.expiresAt() + ", now " + now);
        assertTrue(now.isBefore(Jwts.exp(t.value())), () -> "token past its JWT exp handed out at " + now);
        return t;
    }

    private int requests() {
        return emulator.tokenRequestCount();
    }

    private List<Instant> requestTimes() {
        return emulator.requests().stream().filter(RecordedTokenRequest::isTokenRequest)
                .map(RecordedTokenRequest::timestamp).collect(Collectors.toList());
    }

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    @Test
    @DisplayName("5xx burst while the token is valid → old token served, one attempt per backoff step, then the new token")
    void serverErrorsDuringRefreshAhead() {
        emulator(TokenServerEmulator.builder());
        CachingTokenProvider p = cached(sellytics(), sellyticsGrant());
        AccessToken first = usable(p.token());
        assertEquals(1, requests());

        advance(17_500); // inside the soft margin (17 s), before the hard margin (19 s)
        emulator.faults().failNext(2, 503);
        for (int i = 0; i < 100; i++) {
            assertSame(first, usable(p.token()), "the old token is served while refreshes fail");
        }
        assertEquals(2, requests(), "one refresh attempt, then backoff: no request per call");

        advance(1_000); // past the first backoff (≤ 1 s)
        for (int i = 0; i < 100; i++) {
            assertSame(first, usable(p.token()));
        }
        assertEquals(3, requests(), "second attempt after the first backoff, then backoff again");

        advance(400); // 18.9 s: the second backoff (≥ 1 s) has not passed
        assertSame(first, usable(p.token()));
        assertEquals(3, requests(), "no attempt inside the second backoff");

        advance(100); // 19.0 s: the old token hits its hard margin while the second backoff (≥ 1 s) still runs
        AccessToken next = usable(waitForNewToken(p, first));
        assertNotEquals(first.value(), next.value());
        assertEquals(4, requests(), "2 failed refreshes + 1 success after the first fetch: no extra attempts");
        // Refresh-ahead attempts keep the backoff spacing. The provider's documented policy lets the first
        // caller who needs a new token at hard expiry send one request even inside a backoff it never saw
        // (callers kept getting the old token), so attempt 3 is not held to the spacing; the count above is.
        assertBackoffSpacing(requestTimes().subList(1, 3));
    }

    /** Calls token() until it stops failing; moves the clock 250 ms per failure. */
    private AccessToken waitForNewToken(CachingTokenProvider p, AccessToken old) {
        for (int i = 0; i < 40; i++) {
            try {
                AccessToken t = usable(p.token());
                if (!t.value().equals(old.value())) {
                    return t;
                }
            } catch (TokenException e) {
                assertTrue(e.isRetryable(), () -> "only retryable failures here: " + e);
            }
            advance(250);
        }
        throw new AssertionError("no new token within 10 s of clock time");
    }

    /** Consecutive failed attempts are at least half of base * 2^(n-1) apart. */
    private static void assertBackoffSpacing(List<Instant> attempts) {
        for (int n = 1; n < attempts.size(); n++) {
            long gap = Duration.between(attempts.get(n - 1), attempts.get(n)).toMillis();
            long minimum = 500L << (n - 1);
            assertTrue(gap >= minimum, "attempt " + (n + 1) + " came " + gap + " ms after the previous one; backoff allows " + minimum);
        }
    }

    @Test
    @DisplayName("5xx burst after expiry → retryable exception at once, none sent during backoff, recovery after it")
    void serverErrorsAfterExpiry() {
        emulator(TokenServerEmulator.builder());
        CachingTokenProvider p = cached(sellytics(), sellyticsGrant());
        usable(p.token());
        advance(21_000);
        emulator.faults().failNext(2, 502);

        TokenException first = assertThrows(TokenException.class, p::token);
        assertTrue(first.isRetryable(), first::getMessage);
        for (int i = 0; i < 50; i++) {
            assertThrows(TokenException.class, p::token, "fails fast during the backoff");
        }
        assertEquals(2, requests(), "one attempt, then none during the backoff");

        advance(1_000);
        assertThrows(TokenException.class, p::token);
        assertEquals(3, requests());
        advance(2_000);
        usable(p.token());
        assertEquals(4, requests(), "recovered with the next attempt after the backoff");
        assertBackoffSpacing(requestTimes().subList(1, 4));
    }

    @Test
    @DisplayName("connection dropped without an answer → TransportException, nothing sent during backoff, recovery; one attempt = one POST")
    void connectionDrops() {
        emulator(TokenServerEmulator.builder());
        CachingTokenProvider p = cached(sellytics(), sellyticsGrant());
        usable(p.token());
        advance(21_000);
        emulator.faults().dropNext(20);

        TransportException e = assertThrows(TransportException.class, p::token);
        assertTrue(e.getMessage().contains("sellytics"), e::getMessage);
        int sent = requests() - 1;
        for (int i = 0; i < 20; i++) {
            assertThrows(TransportException.class, p::token);
        }
        assertEquals(1 + sent, requests(), "no request during the backoff");

        emulator.faults().reset();
        advance(30_000);
        usable(p.token());
        assertEquals(1 + sent + 1, requests(), "recovered with one request after the backoff");

        // The server may have processed a POST whose answer was lost: re-sending it spends single-use credentials
        // (authorization codes, rotated refresh tokens) and Commerce Layer's 30 requests/minute. OkHttp's
        // retryOnConnectionFailure re-sends it silently, outside the provider's backoff.
        assertEquals(1, sent, "one token() attempt against a dropping server sent " + sent + " POSTs");
    }

    @Test
    @DisplayName("answer delayed beyond the read timeout → TransportException(timeout) within the timeout, recovery")
    void delayBeyondReadTimeout() {
        emulator(TokenServerEmulator.builder());
        SellyticsAuth client = SellyticsAuth.builder().tokenUrl(emulator.sellyticsTokenUrl()).clock(clock)
                .readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(2)).build();
        CachingTokenProvider p = cached(client, sellyticsGrant());
        usable(p.token());
        advance(21_000);
        emulator.faults().delayNext(1, Duration.ofMillis(1_500));

        TransportException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(TransportException.class, p::token), "returns within the read timeout + margin");
        assertTrue(e.isTimeout(), e::getMessage);

        advance(1_000);
        usable(p.token());
        awaitRequests(3); // the delayed request is logged when the emulator answers it
        assertEquals(3, requests(), "first fetch, the timed-out attempt, the recovery");
    }

    private void awaitRequests(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (requests() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    @DisplayName("Commerce Layer 429 with Retry-After → RateLimitedException, no request before Retry-After, then a token")
    void commerceLayerRateLimit() {
        emulator(TokenServerEmulator.builder().commerceLayerRateLimit(1));
        CommerceLayerAuth client = CommerceLayerAuth.builder().baseUrl(emulator.commerceLayerBaseUrl()).clock(clock).build();
        CachingTokenProvider p = cached(client, ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID)
                .clientSecret(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET).build());
        usable(p.token());
        advance(19_500); // inside the hard margin: a new token is needed, but the minute is not over

        RateLimitedException limited = assertThrows(RateLimitedException.class, p::token);
        Duration retryAfter = limited.retryAfter().orElseThrow(() -> new AssertionError("no Retry-After parsed"));
        assertEquals(41, retryAfter.getSeconds(), "the emulator's sliding window: 60 s - 19.5 s, rounded up");
        assertEquals(2, requests());

        advance(retryAfter.toMillis() - 1_000); // longer than any backoff, shorter than Retry-After
        for (int i = 0; i < 50; i++) {
            assertThrows(RateLimitedException.class, p::token);
        }
        assertEquals(2, requests(), "the provider waits the server's Retry-After, not its own backoff");

        advance(1_000);
        usable(p.token());
        List<Instant> times = requestTimes();
        assertEquals(3, times.size());
        assertTrue(!times.get(2).isBefore(times.get(1).plus(retryAfter)), "third request only after Retry-After: " + times);
        assertTrue(emulator.requests().stream().noneMatch(r -> r.responseStatus() == 429 && r != emulator.requests().get(1)),
                "exactly one 429");
    }

    @Test
    @DisplayName("Shopware login throttle (wait only in the body) → RateLimitedException(10 s), no request before, then a token")
    void shopwareThrottle() {
        emulator(TokenServerEmulator.builder().shopwareLoginThrottle(3, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        ShopwareAuth client = ShopwareAuth.builder().shopUrl(emulator.shopwareUrl()).clock(clock).build();
        for (int i = 0; i < 3; i++) { // someone else mistypes the admin password from this IP
            assertThrows(OAuthErrorException.class, () -> client.requestToken(
                    ShopwareAuth.passwordGrant(DemoCredentials.SHOPWARE_ADMIN_USERNAME, "wrong-password")));
        }
        PasswordGrant admin = ShopwareAuth.passwordGrant(DemoCredentials.SHOPWARE_ADMIN_USERNAME,
                DemoCredentials.SHOPWARE_ADMIN_PASSWORD);
        CachingTokenProvider p = cached(client, admin);

        RateLimitedException limited = assertThrows(RateLimitedException.class, p::token);
        assertEquals(Duration.ofSeconds(10), limited.retryAfter().orElse(null), "wait from meta.parameters.seconds");
        assertEquals(4, requests());
        advance(9_000);
        for (int i = 0; i < 50; i++) {
            assertThrows(RateLimitedException.class, p::token);
        }
        assertEquals(4, requests(), "nothing sent during the body-only wait");
        advance(1_000);
        AccessToken t = usable(p.token());
        assertTrue(t.refreshToken().isPresent());
        assertEquals(5, requests());
    }

    @Test
    @DisplayName("malformed 200 during refresh ahead → old token kept, next attempt after backoff succeeds")
    void malformedAnswerDuringRefreshAhead() {
        emulator(TokenServerEmulator.builder());
        CachingTokenProvider p = cached(sellytics(), sellyticsGrant());
        AccessToken first = usable(p.token());
        advance(17_500);
        emulator.faults().malformedNext(1);
        assertSame(first, usable(p.token()));
        assertSame(first, usable(p.token()));
        assertEquals(2, requests());
        advance(1_000);
        assertSame(first, usable(p.token()), "this call starts the refresh and still gets the current token");
        AccessToken next = usable(p.token());
        assertNotEquals(first.value(), next.value());
        assertEquals(3, requests());
    }

    @Test
    @DisplayName("wrong client secret (permanent) → OAuthErrorException at once, no retry storm from repeated calls")
    void permanentFailureIsNotRetriedInALoop() {
        emulator(TokenServerEmulator.builder());
        CachingTokenProvider p = cached(sellytics(), ClientCredentialsGrant.builder()
                .clientId(DemoCredentials.SELLYTICS_CLIENT_ID).clientSecret("wrong-secret")
                .scope(SellyticsAuth.DATA_API_SCOPE).build());
        OAuthErrorException e = assertThrows(OAuthErrorException.class, p::token);
        assertTrue(e.isInvalidClient(), e::getMessage);
        for (int i = 0; i < 50; i++) {
            assertInstanceOf(OAuthErrorException.class, assertThrows(TokenException.class, p::token));
        }
        assertEquals(1, requests(), "repeated calls within the backoff send nothing");
        assertEquals(1, emulator.tokenRequestCount(Dialect.SELLYTICS));
    }
}
