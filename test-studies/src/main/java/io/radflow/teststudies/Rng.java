package io.radflow.teststudies;

/**
 * Deterministic random numbers (SplitMix64, and a table-driven Gaussian built with {@link
 * StrictMath}).
 *
 * <p>Written out here rather than taken from {@code java.util} so that a seed gives the same
 * numbers, and therefore the same pixels and bytes, on every JDK and platform.
 */
public final class Rng {
    private static final double[] NORMAL_TABLE = normalTable(1 << 16);

    private long state;
    private long bits;
    private int bitsLeft;

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

    /**
     * Fast standard normal deviate for pixel noise: the inverse normal CDF at the centre of one of
     * 65,536 equally likely bins, chosen by 16 random bits (so deviates lie within ±4.2 σ).
     */
    public double noise() {
        if (bitsLeft == 0) {
            bits = nextLong();
            bitsLeft = 4;
        }
        int k = (int) (bits & 0xFFFF);
        bits >>>= 16;
        bitsLeft--;
        return NORMAL_TABLE[k];
    }

    private static double[] normalTable(int n) {
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = inverseNormal((k + 0.5) / n);
        }
        return t;
    }

    /** Inverse standard normal CDF (P. J. Acklam's rational approximation, relative error 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low || p > 1 - low) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p < low ? p : 1 - p));
            double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            return p < low ? x : -x;
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
