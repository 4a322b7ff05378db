package io.radflow.dicom.image.codec;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.image.UnsupportedTransferSyntaxException;
import java.util.Map;
import java.util.Set;

/** Selects the {@link FrameDecoder} / {@link FrameEncoder} of an encapsulated transfer syntax. */
public final class Codecs {

    private static final FrameDecoder JPEG = new JpegDecoder();
    private static final FrameDecoder J2K = new Jpeg2000Decoder();
    private static final Map<String, FrameDecoder> DECODERS = Map.of(
            UID.JPEGBaseline8Bit, JPEG,
            UID.JPEGExtended12Bit, JPEG,
            UID.JPEGLossless, JPEG,
            UID.JPEGLosslessSV1, JPEG,
            UID.JPEG2000Lossless, J2K,
            UID.JPEG2000, J2K,
            UID.RLELossless, new RleDecoder());
    private static final Map<String, FrameEncoder> ENCODERS =
            Map.of(UID.RLELossless, new RleEncoder(), UID.JPEG2000Lossless, new Jpeg2000LosslessEncoder());
    private static final Set<String> LOSSLESS =
            Set.of(UID.JPEGLossless, UID.JPEGLosslessSV1, UID.JPEGLSLossless, UID.JPEG2000Lossless, UID.RLELossless);

    private Codecs() {}

    /** The decoder for {@code transferSyntaxUID}, or a clear error naming what is missing. */
    public static FrameDecoder decoder(String transferSyntaxUID) throws UnsupportedTransferSyntaxException {
        FrameDecoder d = DECODERS.get(transferSyntaxUID);
        if (d == null) {
            throw new UnsupportedTransferSyntaxException(
                    transferSyntaxUID,
                    UID.JPEGLSLossless.equals(transferSyntaxUID) || UID.JPEGLSNearLossless.equals(transferSyntaxUID)
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
