package dev.commerceauth.redis.fleet;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.Grant;
import dev.commerceauth.core.OAuthErrorException;
import dev.commerceauth.core.PasswordGrant;
import dev.commerceauth.core.Scope;
import dev.commerceauth.core.TokenClient;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.emulator.DemoCredentials;
import dev.commerceauth.redis.RedisTokenStore;
import dev.commerceauth.shopware.ShopwareAuth;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One process of a fleet: a {@link CachingTokenProvider} (sharing its token through a
 * {@link RedisTokenStore}, or alone with {@code redis=none}) called by {@code threads} threads
 * for {@code millis} after the launcher writes {@code GO} on its standard input. Every token served
 * is checked against the wall clock at the moment {@code token()} returns; an expired one is an
 * {@code expired} event. Call failures are counted by exception class. Output: {@link WorkerOutput}.
 *
 * <p>Arguments, {@code key=value}: {@code id}, {@code dialect} ({@code commercelayer}: the demo
 * integration's client_credentials grant; {@code shopware}: the demo administrator's password
 * grant), {@code url} (the emulator's Commerce Layer base URL or shop URL), {@code threads},
 * {@code millis}, {@code redis} (a URI or {@code none}), {@code prefix} (the store's key prefix),
 * {@code leaseTtlMillis}, {@code waitTimeoutMillis}. The store's AES key comes from the
 * environment variable {@value #KEY_VARIABLE} (hex), not from the command line.
 *
 * <p>The threads sleep 5 to 15 ms between calls so that a fleet of 8 x 16 threads leaves the
 * shared machine's cores to the providers and Redis.
 */
public final class FleetWorker {

    static final String KEY_VARIABLE = "FLEET_ENCRYPTION_KEY";
    /** Error and expired events printed per process at most (they are all counted). */
    private static final int MAX_PRINTED = 20;

    private FleetWorker() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String id = a.get("id");
        WorkerOutput out = new WorkerOutput(id, System.out);
        boolean shopware = "shopware".equals(a.get("dialect"));
        TokenClient client = new ReportingClient(shopware
                ? ShopwareAuth.builder().shopUrl(a.get("url")).build()
                : CommerceLayerAuth.builder().baseUrl(a.get("url")).build(), out);
        Grant grant = shopware
                ? PasswordGrant.builder().clientId("administration").username(DemoCredentials.SHOPWARE_ADMIN_USERNAME)
                        .password(DemoCredentials.SHOPWARE_ADMIN_PASSWORD).scope(Scope.of("write")).build()
                : ClientCredentialsGrant.builder().clientId(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_ID)
                        .clientSecret(DemoCredentials.COMMERCELAYER_INTEGRATION_CLIENT_SECRET).build();

        CachingTokenProvider.Builder builder = CachingTokenProvider.builder(client, grant)
                .listener(new WorkerListener(out))
                .waitTimeout(Duration.ofMillis(Long.parseLong(a.get("waitTimeoutMillis"))))
                .leaseTimeToLive(Duration.ofMillis(Long.parseLong(a.get("leaseTtlMillis"))));
        RedisTokenStore store = null;
        if (!"none".equals(a.get("redis"))) {
            store = RedisTokenStore.builder().redisUri(a.get("redis")).keyPrefix(a.get("prefix"))
                    .encryptionKey(hex(System.getenv(KEY_VARIABLE))).build();
            builder.tokenStore(store, a.get("url"));
        }
        try (TokenProvider provider = builder.build()) {
            out.ready();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                return;
            }
            run(provider, out, Integer.parseInt(a.get("threads")), Long.parseLong(a.get("millis")));
            out.summary();
        } finally {
            if (store != null) {
                store.close();
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static void run(TokenProvider provider, WorkerOutput out, int threads, long millis)
            throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        AtomicInteger printed = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    call(provider, out, printed);
                    try {
                        Thread.sleep(5 + ThreadLocalRandom.current().nextInt(11));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "caller-" + i);
            t.start();
            callers.add(t);
        }
        for (Thread t : callers) {
            t.join();
        }
    }

    private static void call(TokenProvider provider, WorkerOutput out, AtomicInteger printed) {
        long start = System.nanoTime();
        try {
            AccessToken token = provider.token();
            long late = System.currentTimeMillis() - token.expiresAt().toEpochMilli();
            out.count("calls", 1);
            if (late >= 0) {
                out.count("expired", 1);
                if (printed.incrementAndGet() <= MAX_PRINTED) {
                    out.event("expired-served", late + "ms past expiry");
                }
            }
        } catch (RuntimeException e) {
            String name = e.getClass().getSimpleName();
            out.count("errors", 1);
            out.count("error." + name, 1);
            boolean reauthorize = e instanceof OAuthErrorException && ((OAuthErrorException) e).isInvalidGrant();
            if (reauthorize) {
                out.count("reauthorize", 1);
            }
            if (printed.incrementAndGet() <= MAX_PRINTED) {
                out.event("error", name + (reauthorize ? " invalid_grant" : ""));
            }
        } finally {
            out.max("maxLatencyMillis", (System.nanoTime() - start) / 1_000_000L);
        }
    }

    private static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
