package io.radflow.dicom.seg;

/**
 * sRGB ↔ the DICOM-scaled CIELab of Recommended Display CIELab Value (0062,000D): L* 0..100 mapped to
 * 0..65535, a* and b* −128..127 mapped to 0..65535 (PS3.3 C.10.7.1.1), white point D65 as dcmjs
 * (and so OHIF) converts them back.
 */
public final class CieLab {
    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;

    private CieLab() {}

    /** The scaled CIELab value of an sRGB colour (0..255 each). */
    public static int[] fromRgb(int r, int g, int b) {
        double rl = linear(r / 255.0);
        double gl = linear(g / 255.0);
        double bl = linear(b / 255.0);
        double x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / XN;
        double y = (0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl) / YN;
        double z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / ZN;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        double l = 116 * fy - 16;
        double a = 500 * (fx - fy);
        double bb = 200 * (fy - fz);
        return new int[] {scale(l / 100.0), scale((a + 128) / 255.0), scale((bb + 128) / 255.0)};
    }

    /** The sRGB colour (0..255 each) of a scaled CIELab value. */
    public static int[] toRgb(int[] lab) {
        double l = lab[0] / 65535.0 * 100;
        double a = lab[1] / 65535.0 * 255 - 128;
        double b = lab[2] / 65535.0 * 255 - 128;
        double fy = (l + 16) / 116;
        double x = XN * fInv(fy + a / 500);
        double y = YN * fInv(fy);
        double z = ZN * fInv(fy - b / 200);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return new int[] {gamma(r), gamma(g), gamma(bl)};
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static int gamma(double c) {
        double v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double fInv(double t) {
        double t3 = t * t * t;
        return t3 > 216.0 / 24389 ? t3 : (116 * t - 16) / (24389.0 / 27);
    }

    private static int scale(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 65535);
    }
}
