package dev.commerceauth.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.commerceauth.core.InvalidResponseException;
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
import dev.commerceauth.reliability.ProviderEvents.Kind;
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
 * provider runs as in production, on the SDK's shared {@code commerceauth-token-N} threads (the
 * default executor; each test checks that its events came from those threads). A caller that
 * needs a token waits for the request, so its outcome is known when {@code token()} returns; a
 * refresh ahead runs in the background, and the test waits for its outcome through the provider's
 * {@link ProviderEvents listener events} (no sleeps), so request counts stay exact. Real time is
 * used only for the read-timeout case (300 ms).
 *
 * <p>Every request goes through a {@link ValidatingProxy#allowingInjectedFaults fault-aware
 * validating proxy}: each request the SDK sends and each ordinary answer is checked against
 * {@code openapi/}; the answers of the faults a test queued are recognised, not validated, and
 * counted against what the test queued.
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
    static final String SHARED_THREADS = "commerceauth-token-";

    private ManualClock clock;
    private TokenServerEmulator emulator;
    private ValidatingProxy proxy;
    private CachingTokenProvider provider;
    private ProviderEvents events;

    @BeforeEach
    void start() {
        clock = ManualClock.startingNow();
        events = new ProviderEvents(clock);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (provider != null) {
                provider.close();
            }
            if (proxy != null) {
                proxy.assertNoViolations(); // waits for every exchange, delayed ones included
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    private TokenServerEmulator emulator(TokenServerEmulator.Builder b) throws Exception {
        emulator = b.clock(clock).tokenLifetime(LIFETIME).start();
        proxy = ValidatingProxy.allowingInjectedFaults(emulator.baseUrl());
        return emulator;
    }

    /** A provider on the default (shared) executor, reporting to {@link #events}. */
    private CachingTokenProvider cached(TokenClient client, Grant grant) {
        provider = CachingTokenProvider.builder(client, grant).clock(clock).listener(events).build();
        return provider;
    }

    private SellyticsAuth sellytics() {
        return SellyticsAuth.builder().tokenUrl(proxy.via(emulator.sellyticsTokenUrl())).clock(clock).build();
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

    /** The provider's events in order, as kinds; and every one of them heard on a shared SDK thread. */
    private List<Kind> kinds() {
        List<ProviderEvents.Event> all = events.all();
        for (ProviderEvents.Event e : all) {
            assertTrue(e.thread.startsWith(SHARED_THREADS), () -> "event " + e + " not on the shared threads");
        }
        return all.stream().map(e -> e.kind).collect(Collectors.toList());
    }

    /** The proxy recognised exactly {@code n} injected faults. */
    private void injected(int n) {
        assertEquals(n, proxy.injected().size(), () -> "injected faults seen by the proxy: " + proxy.injected());
    }

    @Test
    @DisplayName("5xx burst while the token is valid → old token served, one attempt per backoff step, then the new token")
    void serverErrorsDuringRefreshAhead() throws Exception {
        emulator(TokenServerEmulator.builder());
        CachingTokenProvider p = cached(sellytics(), sellyticsGrant());
        AccessToken first = usable(p.token());
        assertEquals(1, requests());

        advance(17_500); // inside the soft margin (17 s), before the hard margin (19 s)
        emulator.faults().failNext(2, 503);
        assertSame(first, usable(p.token()), "this call starts the refresh ahead and gets the current token");
        ProviderEvents.Event failed = events.await(Kind.FAILED, 1);
        assertTrue(failed.tokenStillServed, failed::toString);
        for (int i = 0; i < 100; i++) {
            assertSame(first, usable(p.token()), "the old token is served while refreshes fail");
        }
        assertEquals(2, requests(), "one refresh attempt, then backoff: no request per call");

        advance(1_000); // past the first backoff (≤ 1 s)
        events.await(Kind.FAILED, 2, () -> assertSame(first, usable(p.token())));
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
        assertEquals(List.of(Kind.FETCHED, Kind.FAILED, Kind.FAILED, Kind.FETCHED), kinds(),
                "callers waited only when the old token reached its hard margin");
        injected(2);
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
    void serverErrorsAfterExpiry() throws Exception {
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
        assertEquals(List.of(Kind.FETCHED, Kind.FAILED, Kind.FAILED, Kind.FETCHED), kinds());
        assertFalse(events.all().get(1).tokenStillServed, "callers got the failure: no token was left");
        injected(2);
    }

    @Test
    @DisplayName("connection dropped without an answer → TransportException, nothing sent during backoff, recovery; one attempt = one POST")
    void connectionDrops() throws Exception {
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
        assertEquals(List.of(Kind.FETCHED, Kind.FAILED, Kind.FETCHED), kinds());
        injected(1);
    }

    @Test
    @DisplayName("answer delayed beyond the read timeout → TransportException(timeout) within the timeout, recovery")
    void delayBeyondReadTimeout() throws Exception {
        emulator(TokenServerEmulator.builder());
        SellyticsAuth client = SellyticsAuth.builder().tokenUrl(proxy.via(emulator.sellyticsTokenUrl())).clock(clock)
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
        proxy.settle(); // the delayed request is logged when the emulator answers it
        assertEquals(3, requests(), "first fetch, the timed-out attempt, the recovery");
        assertEquals(List.of(Kind.FETCHED, Kind.FAILED, Kind.FETCHED), kinds());
        injected(0); // a delayed answer is an ordinary one, validated
    }

    @Test
    @DisplayName("Commerce Layer 429 with Retry-After → RateLimitedException, no request before Retry-After, then a token")
    void commerceLayerRateLimit() throws Exception {
        emulator(TokenServerEmulator.builder().commerceLayerRateLimit(1));
        CommerceLayerAuth client = CommerceLayerAuth.builder().baseUrl(proxy.via(emulator.commerceLayerBaseUrl())).clock(clock).build();
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
        assertEquals(List.of(Kind.FETCHED, Kind.FAILED, Kind.FETCHED), kinds());
        injected(0); // the 429 is the emulator's real rate limit, validated against the spec
    }

    @Test
    @DisplayName("Shopware login throttle (wait only in the body) → RateLimitedException(10 s), no request before, then a token")
    void shopwareThrottle() throws Exception {
        emulator(TokenServerEmulator.builder().shopwareLoginThrottle(3, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        ShopwareAuth client = ShopwareAuth.builder().shopUrl(proxy.via(emulator.shopwareUrl())).clock(clock).build();
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
        assertEquals(List.of(Kind.FAILED, Kind.FETCHED), kinds());
        injected(0);
    }

    @Test
    @DisplayName("malformed 200 during refresh ahead → old token kept, next attempt after backoff succeeds")
    void malformedAnswerDuringRefreshAhead() throws Exception {
        emulator(TokenServerEmulator.builder());
        CachingTokenProvider p = cached(sellytics(), sellyticsGrant());
        AccessToken first = usable(p.token());
        advance(17_500);
        emulator.faults().malformedNext(1);
        assertSame(first, usable(p.token()), "this call starts the refresh ahead and gets the current token");
        ProviderEvents.Event failed = events.await(Kind.FAILED, 1);
        assertInstanceOf(InvalidResponseException.class, failed.error);
        assertTrue(failed.tokenStillServed, "an unusable answer is no verdict on the credentials: the token is kept");
        assertSame(first, usable(p.token()));
        assertEquals(2, requests());
        advance(1_000);
        List<AccessToken> served = new java.util.ArrayList<>();
        ProviderEvents.Event refreshed = events.await(Kind.REFRESHED, 1, () -> served.add(usable(p.token())));
        assertSame(first, served.get(0), "the first call after the backoff starts the refresh and still gets the current token");
        assertSame(first, refreshed.previous);
        AccessToken next = usable(p.token());
        assertNotEquals(first.value(), next.value());
        assertSame(refreshed.token, next);
        assertEquals(3, requests());
        assertEquals(List.of(Kind.FETCHED, Kind.FAILED, Kind.REFRESHED), kinds(), "no caller waited");
        injected(1);
    }

    @Test
    @DisplayName("wrong client secret (permanent) → OAuthErrorException at once, no retry storm from repeated calls")
    void permanentFailureIsNotRetriedInALoop() throws Exception {
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
        assertEquals(List.of(Kind.FAILED), kinds());
        injected(0);
    }
}
