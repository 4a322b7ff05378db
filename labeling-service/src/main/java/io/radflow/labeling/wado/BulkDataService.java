package io.radflow.labeling.wado;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.dicomweb.DicomWebException;
import io.radflow.labeling.dicomweb.MediaTypeNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Resolves the BulkDataURIs written into metadata ({@code …/instances/{uid}/bulk/{path}}, path as
 * {@link io.radflow.dicom.json.BulkDataURIPolicy} writes it: {@code 7FE00010} or {@code
 * 00540016/0/00181072}). Pixel Data is answered frame by frame like the frames resource; other
 * values as one {@code application/octet-stream} part.
 */
@ApplicationScoped
public class BulkDataService {
    private final FrameService frames;

    public BulkDataService(FrameService frames) {
        this.frames = frames;
    }

    /** The bulk data at {@code path} of {@code inst}. */
    public FrameService.Body bulk(ParsedInstance inst, String path, String accept) {
        String[] steps = path.split("/");
        if (steps.length % 2 == 0) {
            throw DicomWebException.badRequest("bulk data path '" + path + "' must be tag[/item/tag]...");
        }
        Attributes ds = inst.dataset();
        for (int i = 0; i < steps.length - 1; i += 2) {
            Object v = ds.getValue(tag(steps[i]));
            int item = index(steps[i + 1]);
            if (!(v instanceof Sequence seq) || item >= seq.size()) {
                throw DicomWebException.notFound("bulk data " + path);
            }
            ds = seq.get(item);
        }
        int tag = tag(steps[steps.length - 1]);
        if (steps.length == 1
                && (tag == Tag.PixelData || tag == Tag.FloatPixelData || tag == Tag.DoubleFloatPixelData)
                && inst.pixelData() != null) {
            return frames.allFrames(inst, accept);
        }
        Object v = ds.getValue(tag);
        byte[] bytes;
        try {
            if (v instanceof byte[] b) {
                bytes = b;
            } else if (v instanceof BulkData bd) {
                bytes = bd.toBytes();
            } else if (v instanceof Fragments f && f.size() > 1) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 1; i < f.size(); i++) {
                    all.write(f.bytes(i));
                }
                bytes = all.toByteArray();
            } else {
                throw DicomWebException.notFound("bulk data " + path);
            }
            try (ResponseBody body = new ResponseBody()) {
                MultipartWriter mw = new MultipartWriter(body.out());
                mw.writePart(MediaTypeNames.OCTET_STREAM, bytes);
                mw.finish();
                return new FrameService.Body(
                        "multipart/related; type=\"application/octet-stream\"; boundary=" + mw.boundary(),
                        body.toBuffer());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int tag(String hex) {
        if (hex.length() != 8) {
            throw DicomWebException.badRequest("bulk data tag '" + hex + "' is not 8 hex digits");
        }
        try {
            return (int) Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw DicomWebException.badRequest("bulk data tag '" + hex + "' is not 8 hex digits");
        }
    }

    private static int index(String s) {
        try {
            int i = Integer.parseInt(s);
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw DicomWebException.badRequest("bulk data item index '" + s + "' is not a number");
        }
    }
}
