package io.radflow.labeling.wado;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.UnsupportedTransferSyntaxException;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.mime.PartHeaders;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.dicomweb.AcceptNegotiation;
import io.radflow.labeling.dicomweb.AcceptNegotiation.FrameRequest;
import io.radflow.labeling.dicomweb.DicomWebException;
import io.radflow.labeling.dicomweb.MediaTypeNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * WADO-RS frames (PS3.18 10.4.1.1.5) and pixel bulk data: each frame one part of a {@code
 * multipart/related} body, as stored when the request allows it ({@code transfer-syntax=*}, what
 * OHIF asks for), otherwise decoded to native little-endian bytes. Frames are read from the file
 * ranges located when the instance was first parsed; headers are never parsed again.
 */
@ApplicationScoped
public class FrameService {

    /**
     * A response body.
     *
     * @param contentType the {@code Content-Type} header
     * @param body the whole body (frames are small; this keeps the Content-Length known)
     */
    public record Body(String contentType, byte[] body) {}

    /** The frames with the given 1-based numbers. */
    public Body frames(ParsedInstance inst, List<Integer> numbers, String accept) {
        PixelData pd = pixelData(inst);
        for (int n : numbers) {
            if (n < 1 || n > pd.frames()) {
                throw DicomWebException.notFound("frame " + n + " of instance "
                        + inst.location().sopInstanceUID() + " (it has " + pd.frames() + ")");
            }
        }
        List<Integer> zeroBased = new ArrayList<>(numbers.size());
        numbers.forEach(n -> zeroBased.add(n - 1));
        return write(inst, pd, zeroBased, accept);
    }

    /** All frames (the Pixel Data bulk data of an image). */
    public Body allFrames(ParsedInstance inst, String accept) {
        PixelData pd = pixelData(inst);
        List<Integer> all = new ArrayList<>(pd.frames());
        for (int i = 0; i < pd.frames(); i++) {
            all.add(i);
        }
        return write(inst, pd, all, accept);
    }

    private Body write(ParsedInstance inst, PixelData pd, List<Integer> frames, String accept) {
        String stored = inst.transferSyntaxUID();
        boolean encapsulated = pd.encapsulated();
        String partType = null;
        boolean asStored = false;
        for (FrameRequest r : AcceptNegotiation.frameRequests(accept)) {
            if (r.acceptsStored(stored, encapsulated)) {
                asStored = true;
                partType = r.mediaType().equals(MediaTypeNames.OCTET_STREAM)
                        ? MediaTypeNames.OCTET_STREAM + "; transfer-syntax="
                                + (encapsulated ? stored : UID.ExplicitVRLittleEndian)
                        : r.mediaType() + "; transfer-syntax=" + stored;
                break;
            }
            if (r.acceptsNative() && canDecode(pd)) {
                partType = MediaTypeNames.OCTET_STREAM + "; transfer-syntax=" + UID.ExplicitVRLittleEndian;
                break;
            }
        }
        if (partType == null) {
            throw DicomWebException.notAcceptable("frames of " + inst.location().sopInstanceUID() + " are stored in "
                    + stored + " and cannot be sent as asked");
        }
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(frameSizeHint(pd, frames.size()));
            MultipartWriter mw = new MultipartWriter(buf);
            PartHeaders headers = PartHeaders.contentType(partType);
            for (int f : frames) {
                byte[] bytes = asStored ? stored(inst, pd, f) : pd.decodedFrame(f);
                mw.writePart(headers, bytes, 0, bytes.length);
            }
            mw.finish();
            String type = partType.substring(0, partType.indexOf(';'));
            return new Body("multipart/related; type=\"" + type + "\"; boundary=" + mw.boundary(), buf.toByteArray());
        } catch (PixelDataException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stored bytes of frame {@code f}: one positional read of the range located at parse time when
     * there is one; otherwise assembled by dicom-core (native big-endian data swapped, so every
     * native frame is little endian).
     */
    private static byte[] stored(ParsedInstance inst, PixelData pd, int f) throws IOException {
        long[][] ranges = inst.frameRanges();
        if (ranges == null) {
            return pd.encapsulated() ? pd.storedFrame(f) : pd.decodedFrame(f);
        }
        byte[] b = new byte[Math.toIntExact(ranges[f][1])];
        ByteBuffer buf = ByteBuffer.wrap(b);
        try (FileChannel ch = FileChannel.open(inst.location().file(), StandardOpenOption.READ)) {
            long pos = ranges[f][0];
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    throw new IOException(inst.location().file() + ": frame " + (f + 1) + " truncated");
                }
            }
        }
        return b;
    }

    private static boolean canDecode(PixelData pd) {
        if (!pd.encapsulated()) {
            return true;
        }
        try {
            pd.decodedDescriptor();
            return true;
        } catch (UnsupportedTransferSyntaxException e) {
            return false;
        }
    }

    private static int frameSizeHint(PixelData pd, int n) {
        long len = (long) pd.descriptor().frameLength() * n + 512L * n + 256;
        return (int) Math.min(len, 64L << 20);
    }

    static PixelData pixelData(ParsedInstance inst) {
        if (inst.pixelData() == null) {
            throw DicomWebException.notFound(
                    "pixel data of instance " + inst.location().sopInstanceUID());
        }
        return inst.pixelData();
    }
}
