package io.radflow.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The cache's rules on a clock the test sets: an entry serves exactly its token, until the token's
 * {@code exp}, a further limit, or the time to live, whichever comes first; the size is bounded.
 */
class VerifiedTokenCacheTest {
    private static final long NOW = 1_800_000_000L; // epoch seconds

    private final AtomicLong wallMillis = new AtomicLong(NOW * 1000);
    private final AtomicLong monotonicNanos = new AtomicLong();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(wallMillis.get());
        }
    };
    private final Ticker ticker = monotonicNanos::get;

    private VerifiedTokenCache cache(long maxSize, Duration ttl) {
        return new VerifiedTokenCache(maxSize, ttl, clock, ticker);
    }

    private static SecurityIdentity identity(String user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user))
                .addRole("radiologist")
                .build();
    }

    private void advance(Duration d) {
        wallMillis.addAndGet(d.toMillis());
        monotonicNanos.addAndGet(d.toNanos());
    }

    @Test
    void servesExactlyTheVerifiedToken() {
        VerifiedTokenCache cache = cache(100, Duration.ofSeconds(60));
        SecurityIdentity id = identity("radiologist");
        cache.store("aaa.bbb.ccc", id, NOW + 300, Long.MAX_VALUE);

        assertThat(cache.lookup("aaa.bbb.ccc")).isSameAs(id);
        assertThat(cache.lookup("aaa.bbb.ccd")).as("one character changed").isNull();
        assertThat(cache.lookup("aaa.bbb.cc")).isNull();
        assertThat(cache.lookup("aaa.bbb.ccc ")).isNull();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(3);
    }

    @Test
    void endsAtTheTokensExpiry() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(10));
        cache.store("t.o.k", identity("u"), NOW + 30, Long.MAX_VALUE);

        advance(Duration.ofMillis(29_999));
        assertThat(cache.lookup("t.o.k")).as("a millisecond before exp").isNotNull();
        advance(Duration.ofMillis(1));
        assertThat(cache.lookup("t.o.k")).as("at exp").isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void endsAfterTheTimeToLiveWhileTheTokenIsStillValid() {
        VerifiedTokenCache cache = cache(100, Duration.ofSeconds(60));
        cache.store("t.o.k", identity("u"), NOW + 300, Long.MAX_VALUE);

        advance(Duration.ofSeconds(59));
        assertThat(cache.lookup("t.o.k")).isNotNull();
        advance(Duration.ofSeconds(1));
        assertThat(cache.lookup("t.o.k")).isNull();
    }

    @Test
    void endsAtTheFurtherLimit() {
        VerifiedTokenCache cache = cache(100, Duration.ofSeconds(60));
        cache.store("t.o.k", identity("u"), NOW + 300, NOW + 10);

        advance(Duration.ofSeconds(10));
        assertThat(cache.lookup("t.o.k")).isNull();
    }

    @Test
    void wallClockDecidesEvenIfTheMonotonicClockLags() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(10));
        cache.store("t.o.k", identity("u"), NOW + 5, Long.MAX_VALUE);

        wallMillis.addAndGet(5_000); // e.g. the system clock corrected forward
        assertThat(cache.lookup("t.o.k")).isNull();
        assertThat(cache.expired()).isEqualTo(1);
        assertThat(cache.size()).isZero();
    }

    @Test
    void neverKeepsAnExpiredToken() {
        VerifiedTokenCache cache = cache(100, Duration.ofSeconds(60));
        cache.store("t.o.k", identity("u"), NOW, Long.MAX_VALUE);
        cache.store("t.o.l", identity("u"), NOW - 1, Long.MAX_VALUE);
        cache.store("t.o.m", identity("u"), 0, Long.MAX_VALUE);
        cache.store("t.o.n", identity("u"), Long.MAX_VALUE, Long.MAX_VALUE);

        assertThat(cache.size()).isZero();
        assertThat(cache.lookup("t.o.k")).isNull();
        assertThat(cache.lookup("t.o.n")).as("no expiry: never cached").isNull();
    }

    @Test
    void isBounded() {
        VerifiedTokenCache cache = cache(10, Duration.ofSeconds(60));
        for (int i = 0; i < 100; i++) {
            cache.store("t.o." + i, identity("u" + i), NOW + 300, Long.MAX_VALUE);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void clearForgetsEverything() {
        VerifiedTokenCache cache = cache(10, Duration.ofSeconds(60));
        cache.store("t.o.k", identity("u"), NOW + 300, Long.MAX_VALUE);
        cache.clear();
        assertThat(cache.lookup("t.o.k")).isNull();
    }
}
