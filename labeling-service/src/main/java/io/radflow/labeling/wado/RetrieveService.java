package io.radflow.labeling.wado;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.PixelDataTranscoder;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.mime.PartHeaders;
import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.dicomweb.AcceptNegotiation;
import io.radflow.labeling.dicomweb.DicomWebException;
import io.radflow.labeling.dicomweb.MediaTypeNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;

/**
 * WADO-RS retrieve of studies, series and instances as {@code multipart/related;
 * type="application/dicom"}: the archived file itself when it is in the requested transfer syntax
 * (or {@code transfer-syntax=*}), otherwise transcoded with dicom-core.
 */
@ApplicationScoped
public class RetrieveService {
    @jakarta.inject.Inject
    io.radflow.labeling.archive.ArchiveFiles files;

    /**
     * A prepared response: the content type and the writer of the body.
     *
     * @param contentType the {@code Content-Type} header
     * @param boundary the multipart boundary
     * @param transferSyntax the negotiated syntax ({@link AcceptNegotiation#AS_STORED} or a UID)
     * @param instances what to send
     */
    public record Retrieve(
            String contentType, String boundary, String transferSyntax, List<InstanceLocation> instances) {}

    /** Negotiates the transfer syntax; 406 if any instance cannot be sent in it. */
    public Retrieve prepare(List<InstanceLocation> instances, String accept) {
        String ts = AcceptNegotiation.instanceTransferSyntax(accept);
        if (!AcceptNegotiation.AS_STORED.equals(ts)) {
            for (InstanceLocation loc : instances) {
                if (!canTranscode(loc.transferSyntaxUID(), ts)) {
                    throw DicomWebException.notAcceptable("instance " + loc.sopInstanceUID() + " stored in "
                            + loc.transferSyntaxUID() + " cannot be sent in " + ts);
                }
            }
        }
        String boundary = MultipartWriter.newBoundary();
        StringBuilder ct =
                new StringBuilder("multipart/related; type=\"application/dicom\"; boundary=").append(boundary);
        if (!AcceptNegotiation.AS_STORED.equals(ts)) {
            ct.append("; transfer-syntax=").append(ts);
        }
        return new Retrieve(ct.toString(), boundary, ts, instances);
    }

    private static boolean canTranscode(String from, String to) {
        if (to.equals(UID.ExplicitVRBigEndian)) {
            return false;
        }
        try {
            return PixelDataTranscoder.canTranscode(from, to);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Writes the multipart body; each part is one Part 10 file. */
    public void write(Retrieve r, OutputStream out) throws IOException {
        MultipartWriter mw = new MultipartWriter(out, r.boundary());
        for (InstanceLocation loc : r.instances()) {
            String ts = AcceptNegotiation.AS_STORED.equals(r.transferSyntax())
                    ? loc.transferSyntaxUID()
                    : r.transferSyntax();
            OutputStream part = mw.startPart(PartHeaders.contentType(MediaTypeNames.DICOM + "; transfer-syntax=" + ts));
            if (ts.equals(loc.transferSyntaxUID())) {
                Files.copy(files.local(loc), part);
            } else {
                writeTranscoded(loc, ts, part);
            }
        }
        mw.finish();
    }

    private void writeTranscoded(InstanceLocation loc, String ts, OutputStream out) throws IOException {
        Attributes ds;
        String stored;
        try (DicomInputStream in = new DicomInputStream(files.local(loc))) {
            in.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            in.readFileMetaInformation();
            ds = in.readDataset();
            stored = in.getTransferSyntax();
        }
        try {
            ds = PixelDataTranscoder.transcode(ds, stored, ts);
        } catch (PixelDataException e) {
            throw new IOException("cannot transcode " + loc.sopInstanceUID() + ": " + e.getMessage(), e);
        }
        DicomOutputStream dos = new DicomOutputStream(out, ts);
        dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, ts), ds);
        dos.flush();
    }
}
