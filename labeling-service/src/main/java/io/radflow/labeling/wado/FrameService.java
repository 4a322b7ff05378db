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
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * WADO-RS frames (PS3.18 10.4.1.1.5) and pixel bulk data: each frame one part of a {@code
 * multipart/related} body, as stored when the request allows it ({@code transfer-syntax=*}, what
 * OHIF asks for), otherwise decoded to native little-endian bytes. Frames are read from the file
 * ranges located when the instance was first parsed (headers are never parsed again), with one
 * positional read each, straight into the pooled buffer the response is sent from.
 */
@ApplicationScoped
public class FrameService {
    @jakarta.inject.Inject
    io.radflow.labeling.archive.ArchiveFiles files;

    /**
     * A response body.
     *
     * @param contentType the {@code Content-Type} header
     * @param body the whole body in one buffer (keeps the Content-Length known); it belongs to the
     *     response that sends it, which releases it once written
     */
    public record Body(String contentType, Buffer body) {}

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
        String type = partType.substring(0, partType.indexOf(';'));
        ResponseBody body = new ResponseBody();
        try {
            MultipartWriter mw = new MultipartWriter(body.out());
            PartHeaders headers = PartHeaders.contentType(partType);
            long[][] ranges = inst.frameRanges();
            for (int f : frames) {
                if (asStored && ranges != null) {
                    // the frame's bytes go from the file straight into the response buffer
                    mw.startPart(headers);
                    body.appendFileRange(files.local(inst.location()), ranges[f][0], Math.toIntExact(ranges[f][1]));
                } else {
                    byte[] bytes = asStored ? stored(pd, f) : pd.decodedFrame(f);
                    mw.writePart(headers, bytes, 0, bytes.length);
                }
            }
            mw.finish();
            return new Body("multipart/related; type=\"" + type + "\"; boundary=" + mw.boundary(), body.toBuffer());
        } catch (PixelDataException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            body.close();
        }
    }

    /**
     * Stored bytes of frame {@code f} when no single file range holds it: assembled by dicom-core
     * (native big-endian data swapped, so every native frame is little endian).
     */
    private static byte[] stored(PixelData pd, int f) throws IOException, PixelDataException {
        return pd.encapsulated() ? pd.storedFrame(f) : pd.decodedFrame(f);
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

    static PixelData pixelData(ParsedInstance inst) {
        if (inst.pixelData() == null) {
            throw DicomWebException.notFound(
                    "pixel data of instance " + inst.location().sopInstanceUID());
        }
        return inst.pixelData();
    }
}
