package dev.commerceauth.samples;

import dev.commerceauth.commercelayer.CommerceLayerAuth;
import dev.commerceauth.core.AccessToken;
import dev.commerceauth.core.CachingTokenProvider;
import dev.commerceauth.core.ClientCredentialsGrant;
import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.core.TokenProviderListener;
import dev.commerceauth.redis.RedisTokenStore;
import java.io.File;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet shares one token through Redis ({@code sdk-redis}): two instances of an application,
 * {@code pod-a} and {@code pod-b}, each with its own Commerce Layer client, its own
 * {@link RedisTokenStore} connection and its own cached provider, as two pods would have. One of them
 * requests each token (it holds the key's lease in Redis), the other adopts it from Redis; the
 * listener prints who refreshed and who adopted, and the emulator counts the requests: one per
 * refresh cycle for the whole fleet.
 *
 * <p>Always against the embedded emulator (3 s tokens, so refreshes show within the sample's 8 s)
 * and a {@code redis-server} it starts itself on a free loopback port with persistence off
 * ({@link LocalRedis}). Without {@code redis-server} on the PATH it says so and does not run
 * (Debian/Ubuntu: {@code apt-get install redis-server}).
 */
public final class RedisFleet {

    /** Why the sample cannot run here, for {@link RunAllSamples}; null when it can. */
    static String notRunReason() {
        return LocalRedis.executable() == null
                ? "no redis-server on the PATH (Debian/Ubuntu: apt-get install redis-server)" : null;
    }

    private RedisFleet() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        SampleOutput.title("Redis fleet: two providers share one token through Redis (one request per refresh cycle)");
        File executable = LocalRedis.executable();
        if (executable == null) {
            SampleOutput.note("RedisFleet did not run: " + notRunReason());
            return;
        }
        try (SampleEnvironment env = SampleEnvironment.fromSystem(Duration.ofSeconds(3));
                LocalRedis redis = LocalRedis.start(executable)) {
            SampleOutput.note("redis-server at " + redis.uri() + " (loopback, persistence off)");
            // AES-256-GCM key of the stored tokens: in production every pod reads the same key from your secret store
            byte[] encryptionKey = new byte[32];
            new SecureRandom().nextBytes(encryptionKey);
            ClientCredentialsGrant grant = CommerceLayerClients.integrationGrant(env);
            AtomicInteger adoptions = new AtomicInteger();
            try (Pod a = new Pod("pod-a", env, redis, encryptionKey, grant, adoptions);
                    Pod b = new Pod("pod-b", env, redis, encryptionKey, grant, adoptions)) {
                SampleOutput.token("pod-a first token", a.tokens.token());
                SampleOutput.token("pod-b first token", b.tokens.token());
                for (int tick = 1; tick <= 16; tick++) {
                    Thread.sleep(500);
                    a.tokens.token();
                    b.tokens.token();
                }
                AccessToken last = b.tokens.token();
                a.narrator.mute();
                b.narrator.mute();
                SampleOutput.token("pod-b token after 8 s", last);
                SampleOutput.note("same token in both pods: " + a.tokens.token().value().equals(last.value()));
                SampleOutput.note(env.emulator().tokenRequestCount() + " token request(s) at the emulator in 8 s for"
                        + " the two pods, " + adoptions.get() + " token(s) adopted from Redis without a request"
                        + " (with one pod per cycle requesting, the requests stay one per refresh cycle however many"
                        + " pods there are)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("redis-server did not start: " + e.getMessage(), e);
        }
    }

    /** One application instance: its own client, store connection and provider. */
    private static final class Pod implements AutoCloseable {
        private final RedisTokenStore store;
        private final Narrator narrator;
        private final TokenProvider tokens;

        Pod(String name, SampleEnvironment env, LocalRedis redis, byte[] encryptionKey, ClientCredentialsGrant grant,
                AtomicInteger adoptions) {
            CommerceLayerAuth commerceLayer = CommerceLayerClients.client(env);
            this.store = RedisTokenStore.builder()
                    .redisUri(redis.uri())
                    .keyPrefix("sample:tokens:")
                    .encryptionKey(encryptionKey)
                    .build();
            this.narrator = new Narrator(name, adoptions);
            this.tokens = CachingTokenProvider.builder(commerceLayer, grant)
                    .tokenStore(store, env.emulator().commerceLayerBaseUrl())
                    .leaseTimeToLive(Duration.ofSeconds(10))
                    .listener(narrator)
                    .build();
        }

        @Override
        public void close() {
            tokens.close();
            store.close();
        }
    }

    /** Prints who requested a token for the fleet and who adopted it from Redis, until muted. */
    private static final class Narrator implements TokenProviderListener {
        private final String pod;
        private final AtomicInteger adoptions;
        private volatile boolean muted;

        Narrator(String pod, AtomicInteger adoptions) {
            this.pod = pod;
            this.adoptions = adoptions;
        }

        /** Stops printing: a refresh ahead may still complete while the sample ends. */
        void mute() {
            muted = true;
        }

        @Override
        public void fetched(AccessToken token) {
            say(pod + " fetched " + SampleOutput.mask(token.value()) + " from the token endpoint");
        }

        @Override
        public void refreshed(AccessToken previous, AccessToken current) {
            say(pod + " refreshed: requested " + SampleOutput.mask(current.value()) + " for the fleet");
        }

        @Override
        public void adopted(AccessToken previous, AccessToken current) {
            adoptions.incrementAndGet();
            say(pod + " adopted " + SampleOutput.mask(current.value()) + " from Redis, no request");
        }

        private void say(String text) {
            if (!muted) {
                SampleOutput.note(text);
            }
        }
    }
}
