package io.radflow.labeling.wado;

import io.radflow.dicom.image.Image8;
import io.radflow.dicom.image.ImageOutput;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.RenderParams;
import io.radflow.dicom.image.Renderer;
import io.radflow.dicom.image.Window;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.dicomweb.DicomWebException;
import io.radflow.labeling.dicomweb.MediaTypeNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * WADO-RS rendered resources (PS3.18 9.5 / 10.4.1.1.6) and thumbnails: one frame through the
 * Modality and VOI LUT pipeline of dicom-core's {@link Renderer}, as JPEG or PNG, with the query
 * parameters {@code window=center,width[,function]}, {@code viewport=vw,vh} and {@code quality}.
 */
@ApplicationScoped
public class RenderService {

    /**
     * Rendering options from the query string.
     *
     * @param window {@code center,width[,function]} or null
     * @param viewport {@code vw,vh[,sx,sy,sw,sh]} or null
     * @param quality 1..100 or null
     */
    public record Options(String window, String viewport, String quality) {}

    /** Renders 1-based frame {@code frame} of {@code inst} in {@code mediaType}. */
    public byte[] render(ParsedInstance inst, int frame, Options o, String mediaType) {
        var pd = FrameService.pixelData(inst);
        if (frame < 1 || frame > pd.frames()) {
            throw DicomWebException.notFound(
                    "frame " + frame + " of instance " + inst.location().sopInstanceUID());
        }
        RenderParams p = RenderParams.defaults().withFrame(frame - 1);
        if (o.window() != null && !o.window().isBlank()) {
            try {
                p = p.withWindow(Window.parse(o.window()));
            } catch (PixelDataException e) {
                throw DicomWebException.badRequest(e.getMessage());
            }
        }
        if (o.viewport() != null && !o.viewport().isBlank()) {
            int[] v = ints(o.viewport(), "viewport");
            if ((v.length != 2 && v.length != 6) || v[0] <= 0 || v[1] <= 0 || v[0] > 8192 || v[1] > 8192) {
                throw DicomWebException.badRequest("viewport must be vw,vh[,sx,sy,sw,sh] with positive sizes");
            }
            p = p.withViewport(v[0], v[1]);
        }
        int quality = 90;
        if (o.quality() != null && !o.quality().isBlank()) {
            int[] q = ints(o.quality(), "quality");
            if (q.length != 1 || q[0] < 1 || q[0] > 100) {
                throw DicomWebException.badRequest("quality must be 1..100");
            }
            quality = q[0];
        }
        try {
            Image8 img = Renderer.render(inst.dataset(), pd, p);
            return encode(img, mediaType, quality);
        } catch (PixelDataException e) {
            throw new DicomWebException(
                    500, "cannot render " + inst.location().sopInstanceUID() + ": " + e.getMessage());
        }
    }

    /** A thumbnail: the frame fitted into {@code size} x {@code size}. */
    public byte[] thumbnail(ParsedInstance inst, int size, String mediaType) {
        var pd = FrameService.pixelData(inst);
        return render(inst, (pd.frames() + 1) / 2, new Options(null, size + "," + size, null), mediaType);
    }

    private static byte[] encode(Image8 img, String mediaType, int quality) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(img.pixels().length / 4 + 1024);
        try {
            if (MediaTypeNames.IMAGE_PNG.equals(mediaType)) {
                ImageOutput.writePng(img, out);
            } else {
                ImageOutput.writeJpeg(img, quality, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int[] ints(String text, String name) {
        String[] parts = text.split(",", -1);
        int[] v = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                v[i] = parts[i].isBlank() ? 0 : Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw DicomWebException.badRequest(name + " '" + text + "' is not a list of integers");
        }
        return v;
    }
}
