package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.UnsupportedTransferSyntaxException;
import java.util.Map;
import java.util.Set;

/** Selects the {@link FrameDecoder} / {@link FrameEncoder} of an encapsulated transfer syntax. */
public final class Codecs {
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    public static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    public static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
    public static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    public static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    public static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

    private static final FrameDecoder JPEG = new JpegDecoder();
    private static final FrameDecoder J2K = new Jpeg2000Decoder();
    private static final Map<String, FrameDecoder> DECODERS = Map.of(
            JPEG_BASELINE, JPEG,
            JPEG_EXTENDED, JPEG,
            JPEG_LOSSLESS, JPEG,
            JPEG_LOSSLESS_SV1, JPEG,
            JPEG_2000_LOSSLESS, J2K,
            JPEG_2000, J2K,
            RLE_LOSSLESS, new RleDecoder());
    private static final Map<String, FrameEncoder> ENCODERS =
            Map.of(RLE_LOSSLESS, new RleEncoder(), JPEG_2000_LOSSLESS, new Jpeg2000LosslessEncoder());
    private static final Set<String> LOSSLESS =
            Set.of(JPEG_LOSSLESS, JPEG_LOSSLESS_SV1, JPEG_LS_LOSSLESS, JPEG_2000_LOSSLESS, RLE_LOSSLESS);

    private Codecs() {}

    /** The decoder for {@code transferSyntaxUID}, or a clear error naming what is missing. */
    public static FrameDecoder decoder(String transferSyntaxUID) throws UnsupportedTransferSyntaxException {
        FrameDecoder d = DECODERS.get(transferSyntaxUID);
        if (d == null) {
            throw new UnsupportedTransferSyntaxException(
                    transferSyntaxUID,
                    JPEG_LS_LOSSLESS.equals(transferSyntaxUID) || JPEG_LS_NEAR_LOSSLESS.equals(transferSyntaxUID)
                            ? "no maintained JPEG-LS decoder is available on Maven Central for Java"
                            : "no pixel data decoder");
        }
        return d;
    }

    /** The encoder for {@code transferSyntaxUID} (RLE Lossless, JPEG 2000 lossless). */
    public static FrameEncoder encoder(String transferSyntaxUID) throws UnsupportedTransferSyntaxException {
        FrameEncoder e = ENCODERS.get(transferSyntaxUID);
        if (e == null) {
            throw new UnsupportedTransferSyntaxException(transferSyntaxUID, "no pixel data encoder");
        }
        return e;
    }

    public static boolean canDecode(String transferSyntaxUID) {
        return DECODERS.containsKey(transferSyntaxUID);
    }

    public static boolean canEncode(String transferSyntaxUID) {
        return ENCODERS.containsKey(transferSyntaxUID);
    }

    /** True for the lossless compressed syntaxes (decoded values must equal the original). */
    public static boolean lossless(String transferSyntaxUID) {
        return LOSSLESS.contains(transferSyntaxUID);
    }
}
