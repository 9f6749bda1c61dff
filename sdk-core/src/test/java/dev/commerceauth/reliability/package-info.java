/**
 * <h1>Proof of reliability (issue 5)</h1>
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
 *     <td>67 named bad answers (empty, HTML, truncated, wrong types, absurd {@code expires_in}, over
 *     the 1 MiB cap, gzip bomb, trickling body, resets, non-UTF-8, duplicate keys, every error dialect
 *     with missing fields, 200 carrying an error, redirects to another host, 401 challenges) each end in
 *     the exact typed exception or a documented tolerant parse, with an actionable message, no secret,
 *     and no hang</td>
 *     <td>MockWebServer</td></tr>
 * <tr><td>{@link dev.commerceauth.reliability.FaultInjectionTest}</td>
 *     <td>the cached provider recovers from 5xx bursts, dropped connections, delays beyond the read
 *     timeout, malformed answers, Commerce Layer's 429 + Retry-After and Shopware's body-only throttle,
 *     sends no more requests than its backoff allows and never hands out an expired token</td>
 *     <td>emulator fault injection, one shared test clock</td></tr>
 * <tr><td>{@link dev.commerceauth.reliability.ConcurrencySoakTest} ({@code @Tag("soak")}, ~31 s)</td>
 *     <td>64 threads × {@code token()} for 30 s with 1 s tokens and seeded random faults: no expired
 *     token, no unexpected exception, token requests within 10 % of {@code 1 + T / (L − soft)}, no
 *     thread left after {@code close()}</td>
 *     <td>emulator, real time</td></tr>
 * <tr><td>{@link dev.commerceauth.reliability.SecretsScanTest}</td>
 *     <td>every sample path and error path at {@code java.util.logging} level ALL: no secret, password,
 *     code, assertion, access or refresh token in logs, System.out/err, messages, stack traces or
 *     {@code toString()}</td>
 *     <td>emulator through the validating proxy</td></tr>
 * </table>
 *
 * <p>Run just this suite: {@code mvn -B -pl sdk-core -am verify -Dtest='dev.commerceauth.reliability.*Test'
 * -Dsurefire.failIfNoSpecifiedTests=false}. The emulator's own answers are pinned against the same
 * specs by {@code sdk-emulator}'s {@code dev.commerceauth.emulator.contract.EmulatorContractTest}.
 */
package dev.commerceauth.reliability;
