/**
 * <h1>Proof of reliability (issues 5 and 13)</h1>
 *
 * The suite that shows the SDK behaves under the worst the network and the servers can do. Every
 * class starts with a short description and names each case; this page is the map.
 *
 * <table>
 * <caption>What runs where</caption>
 * <tr><th>class</th><th>what it proves</th><th>against</th></tr>
 * <tr><td>{@link dev.commerceauth.reliability.SpecContractTest}</td>
 *     <td>every request the SDK sends and every response the emulator returns matches
 *     {@code openapi/*.yaml} (Atlassian swagger-request-validator), for each provider × grant, revoke and
 *     error; negative tests show the validator rejects a JSON body to Keycloak, an unknown grant type,
 *     a path outside the specs and a response the spec forbids</td>
 *     <td>emulator through {@link dev.commerceauth.reliability.ValidatingProxy}</td></tr>
 * <tr><td>{@link dev.commerceauth.reliability.BadInputCorpusTest}</td>
 *     <td>67 named bad answers: 61 end in the exact typed exception, 6 in a documented tolerant parse
 *     (a token: lower-case {@code bearer}, no {@code expires_in} three times, Latin-1 bytes in a 200's
 *     scope, duplicate {@code access_token} keys), counted by the test so that this line cannot drift
 *     (empty, HTML, truncated, wrong types, absurd {@code expires_in}, over the 1 MiB cap, gzip bomb,
 *     trickling body, resets, non-UTF-8, duplicate keys, every error dialect with missing fields, 200
 *     carrying an error, redirects to another host, 401 challenges), each with an actionable message, no
 *     secret, and no hang. The answers are off-spec on purpose and are not validated; the request the
 *     SDK sends is validated against the provider's spec in 65 of them (the other two answers close the
 *     connection before the request is read, or throttle its reading)</td>
 *     <td>MockWebServer</td></tr>
 * <tr><td>{@link dev.commerceauth.reliability.FaultInjectionTest}</td>
 *     <td>the cached provider, on the SDK's shared threads as in production, recovers from 5xx bursts,
 *     dropped connections, delays beyond the read timeout, malformed answers, Commerce Layer's 429 +
 *     Retry-After and Shopware's body-only throttle, sends no more requests than its backoff allows,
 *     never hands out an expired token, and reports exactly the expected listener events (which tell
 *     a refresh ahead from callers waiting); background outcomes are awaited through those events, not
 *     sleeps</td>
 *     <td>emulator fault injection through a fault-aware validating proxy, one shared test clock</td></tr>
 * <tr><td>{@link dev.commerceauth.reliability.ConcurrencySoakTest} ({@code @Tag("soak")}, ~32 s)</td>
 *     <td>64 threads × back-to-back {@code token()} for 30 s with 2 s tokens, no faults for 10 s, then
 *     seeded 503s, drops and delays: no expired token; every success after the first is a refresh
 *     ahead, requested after the soft margin and published before the hard margin (nobody waited),
 *     except in a cycle where an injected fault failed a request; failed requests = injected 503s and
 *     drops consumed = {@code refreshFailed} events, none before the faults start, and every exception
 *     a caller got is one of those failures with no token left; every exchange on spec; no thread left
 *     after {@code close()}</td>
 *     <td>emulator through a fault-aware validating proxy, real time</td></tr>
 * <tr><td>{@link dev.commerceauth.reliability.SecretsScanTest}</td>
 *     <td>every sample path and error path at {@code java.util.logging} level ALL, each asserting its
 *     outcome (token, or exact exception with status and error) and the requests the emulator logged
 *     (grant type, client id, status): no secret, password, code, assertion, access or refresh token
 *     in logs, System.out/err, messages, stack traces or {@code toString()}, searched as is,
 *     URL-encoded, JSON-escaped and as HTTP Basic credentials; {@link
 *     dev.commerceauth.reliability.SecretScannerTest} proves the scanner finds each form</td>
 *     <td>emulator through the validating proxy (the protected resource, which no spec describes,
 *     directly)</td></tr>
 * </table>
 *
 * <p>What the validating proxy checks: each request the SDK sends and each ordinary answer of the
 * emulator, against the dialect's spec. Behind a fault-aware proxy the answers of injected faults
 * ({@code failNext}, {@code malformedNext}, {@code dropNext}) are off-spec by design: their requests are
 * validated, the answers are recognised, not validated, and counted against the faults the test queued.
 *
 * <p>Run just this suite: {@code mvn -B -pl sdk-core -am verify -Dtest='dev.commerceauth.reliability.*Test'
 * -Dsurefire.failIfNoSpecifiedTests=false}. The emulator's own answers are pinned against the same
 * specs by {@code sdk-emulator}'s {@code dev.commerceauth.emulator.contract.EmulatorContractTest}.
 */
package dev.commerceauth.reliability;
