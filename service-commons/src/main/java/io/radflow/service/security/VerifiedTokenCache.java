package io.radflow.service.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.security.identity.SecurityIdentity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identities of bearer tokens that were fully verified (signature, issuer, expiry, claims) by quarkus-oidc,
 * keyed by the SHA-256 of the exact token string, so that the same token presented again is not parsed
 * and its RS256 signature not checked again on every request (docs/security.md, "Verified-token cache").
 *
 * <p>An entry is used only while all of these hold: the wall clock is before the token's {@code exp}
 * (and before {@code iat} + the configured maximum token age, when there is one); the entry is younger
 * than the time to live; the presented token equals the cached one (checked in addition to the hash).
 * Otherwise it is removed and the token is verified in full again. The number of entries is bounded
 * (least recently and least frequently used go first). Nothing that failed verification is ever stored.
 */
public final class VerifiedTokenCache {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    });

    /** What is kept per token. */
    record Entry(String token, SecurityIdentity identity, long validUntilEpochMillis) {}

    private final Cache<ByteBuffer, Entry> entries;
    private final Clock clock;
    private final Duration timeToLive;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();

    /**
     * @param maxSize the most tokens kept at once
     * @param timeToLive the longest an entry is used, however long its token is valid
     * @param clock the wall clock that {@code exp} is compared with
     * @param ticker the monotonic clock of the time to live
     */
    public VerifiedTokenCache(long maxSize, Duration timeToLive, Clock clock, Ticker ticker) {
        if (maxSize < 1 || timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("max size and time to live must be positive");
        }
        this.clock = clock;
        this.timeToLive = timeToLive;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                .executor(Runnable::run) // evictions on the calling thread: small, and no pool needed
                .expireAfter(Expiry.<ByteBuffer, Entry>creating((key, entry) -> lifetime(entry)))
                .build();
    }

    /** With the system clocks. */
    public VerifiedTokenCache(long maxSize, Duration timeToLive) {
        this(maxSize, timeToLive, Clock.systemUTC(), Ticker.systemTicker());
    }

    /**
     * The identity verified for exactly this token, when it is still valid; {@code null} otherwise (the
     * token is then to be verified in full).
     */
    public SecurityIdentity lookup(String token) {
        ByteBuffer key = key(token);
        Entry e = entries.getIfPresent(key);
        if (e == null) {
            misses.incrementAndGet();
            return null;
        }
        if (clock.millis() >= e.validUntilEpochMillis() || !e.token().equals(token)) {
            entries.asMap().remove(key, e);
            expired.incrementAndGet();
            misses.incrementAndGet();
            return null;
        }
        hits.incrementAndGet();
        return e.identity();
    }

    /**
     * Keeps the identity of a token that has just been fully verified.
     *
     * @param token the exact token string that was verified
     * @param identity its identity, without anything bound to the request that presented it
     * @param expiresAtEpochSecond the token's {@code exp}
     * @param notAfterEpochSecond a further limit (e.g. {@code iat} + maximum age), or {@link Long#MAX_VALUE}
     */
    public void store(String token, SecurityIdentity identity, long expiresAtEpochSecond, long notAfterEpochSecond) {
        long until = Math.min(expiresAtEpochSecond, notAfterEpochSecond);
        if (until >= Long.MAX_VALUE / 1000) {
            return; // a token without an expiry is never cached
        }
        Entry e = new Entry(token, identity, until * 1000);
        if (clock.millis() < e.validUntilEpochMillis()) {
            entries.put(key(token), e);
        }
    }

    /** Forgets one token. */
    public void forget(String token) {
        entries.invalidate(key(token));
    }

    /** Forgets every token (for example after the signing keys changed). */
    public void clear() {
        entries.invalidateAll();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** Entries found but no longer valid (token expired or time to live over). */
    public long expired() {
        return expired.get();
    }

    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private Duration lifetime(Entry e) {
        Duration untilExpiry = Duration.ofMillis(Math.max(0, e.validUntilEpochMillis() - clock.millis()));
        return untilExpiry.compareTo(timeToLive) < 0 ? untilExpiry : timeToLive;
    }

    static ByteBuffer key(String token) {
        MessageDigest sha = SHA_256.get();
        return ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
