package io.radflow.teststudies;

/**
 * Deterministic random numbers (SplitMix64 with a Box–Muller Gaussian on {@link StrictMath}).
 *
 * <p>Written out here rather than taken from {@code java.util} so that a seed gives the same
 * numbers, and therefore the same pixels and bytes, on every JDK and platform.
 */
public final class Rng {
    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    /** A generator whose sequence depends only on {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** An independent stream for ({@code seed}, {@code stream}, {@code index}). */
    public static Rng of(long seed, String stream, long index) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        for (int i = 0; i < stream.length(); i++) {
            h = mix(h ^ stream.charAt(i));
        }
        return new Rng(mix(h ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Next 64 random bits. */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Standard normal deviate. */
    public double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0);
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
        double t = 2 * Math.PI * u2;
        spareGaussian = r * StrictMath.sin(t);
        hasSpare = true;
        return r * StrictMath.cos(t);
    }
}
