package io.radflow.teststudies;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic UIDs under the {@code 2.25} root (ISO/IEC 9834-8, a UUID as one decimal integer).
 *
 * <p>The UUID is the first 16 bytes of SHA-256 over {@code "radflow-test-studies/" + seed + "/" +
 * kind + "/" + parts}, with the version nibble set to 8 (RFC 9562 custom UUID) and the RFC variant
 * bits, so the same seed always gives the same UIDs and different seeds or kinds never collide in
 * practice.
 */
public final class Uids {
    private Uids() {}

    /** The UID for the given seed, study kind and parts ("study", "series/1", "sop/1/7", …). */
    public static String of(long seed, String kind, Object... parts) {
        StringBuilder sb = new StringBuilder("radflow-test-studies/")
                .append(seed)
                .append('/')
                .append(kind);
        for (Object p : parts) {
            sb.append('/').append(p);
        }
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] uuid = new byte[17];
        System.arraycopy(hash, 0, uuid, 1, 16);
        uuid[7] = (byte) ((uuid[7] & 0x0F) | 0x80);
        uuid[9] = (byte) ((uuid[9] & 0x3F) | 0x80);
        return "2.25." + new BigInteger(uuid);
    }
}
