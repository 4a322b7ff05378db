package io.radflow.dicom.io;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.TransferSyntax;
import io.radflow.dicom.data.UID;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Changes the transfer syntax of DICOM files. Between the native syntaxes (Implicit/Explicit VR
 * LE, Explicit VR BE as source, Deflated) only the encoding changes; compressing or decompressing
 * pixel data needs a registered {@link PixelDataCodec}.
 */
public final class Transcoder {
    private static final List<PixelDataCodec> CODECS = new CopyOnWriteArrayList<>();

    static {
        ServiceLoader.load(PixelDataCodec.class).forEach(CODECS::add);
    }

    private Transcoder() {}

    /** Adds a codec (tried before the ones found by ServiceLoader). */
    public static void register(PixelDataCodec codec) {
        CODECS.add(0, codec);
    }

    /** Thrown when no codec converts between the two transfer syntaxes. */
    public static final class UnsupportedTransferSyntaxException extends IOException {
        public UnsupportedTransferSyntaxException(String sourceTs, String targetTs) {
            super("unsupported transfer syntax conversion " + sourceTs + " (" + UID.nameOf(sourceTs) + ") → " + targetTs
                    + " (" + UID.nameOf(targetTs) + "): no pixel data codec registered");
        }
    }

    /**
     * Converts the pixel data of {@code ds} from {@code sourceTs} so it can be written in {@code
     * targetTs}; a no-op when only the encoding of the data set changes.
     */
    public static void adaptPixelData(Attributes ds, String sourceTs, String targetTs) throws IOException {
        TransferSyntax from = TransferSyntax.of(sourceTs);
        TransferSyntax to = TransferSyntax.of(targetTs);
        boolean pixelData = ds.contains(Tag.PixelData);
        if (!pixelData || (from.isNative() && to.isNative()) || sourceTs.equals(targetTs)) {
            return;
        }
        for (PixelDataCodec c : CODECS) {
            if (c.canTranscode(sourceTs, targetTs)) {
                c.transcode(ds, sourceTs, targetTs);
                return;
            }
        }
        throw new UnsupportedTransferSyntaxException(sourceTs, targetTs);
    }

    /** Transcodes file {@code in} to {@code out} (written via a temporary file, then renamed). */
    public static void transcode(Path in, Path out, String targetTs) throws IOException {
        Attributes fmi;
        Attributes ds;
        String sourceTs;
        try (DicomInputStream dis = new DicomInputStream(in)) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            fmi = dis.readFileMetaInformation();
            ds = dis.readDataset();
            sourceTs = dis.getTransferSyntax();
        }
        adaptPixelData(ds, sourceTs, targetTs);
        Attributes newFmi = DicomOutputStream.createFileMetaInformation(ds, targetTs);
        if (fmi != null) {
            String cuid = fmi.getString(Tag.MediaStorageSOPClassUID);
            String iuid = fmi.getString(Tag.MediaStorageSOPInstanceUID);
            if (!ds.contains(Tag.SOPClassUID) && cuid != null) {
                newFmi.setString(Tag.MediaStorageSOPClassUID, io.radflow.dicom.data.VR.UI, cuid);
            }
            if (!ds.contains(Tag.SOPInstanceUID) && iuid != null) {
                newFmi.setString(Tag.MediaStorageSOPInstanceUID, io.radflow.dicom.data.VR.UI, iuid);
            }
        }
        Path abs = out.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".part");
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                    DicomOutputStream dos = new DicomOutputStream(os, targetTs)) {
                dos.writeDataset(newFmi, ds);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
