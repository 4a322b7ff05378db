package io.radflow.dicom.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Stores each received instance as {@code <folder>/<SOPInstanceUID>.dcm} (Part 10, in the transfer
 * syntax received): written to a {@code .part} file, forced to disk, renamed atomically, and the
 * folder forced, before success is answered. A failed or aborted transfer leaves no file.
 */
public final class FolderStoreHandler implements StoreHandler {
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final java.util.concurrent.atomic.AtomicLong PART_IDS =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    private final Path folder;
    private final boolean fsync;

    public FolderStoreHandler(Path folder, boolean fsync) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.fsync = fsync;
    }

    @Override
    public int store(StoreRequest rq, InputStream dataset) throws IOException {
        String iuid = rq.sopInstanceUID();
        if (iuid.length() > 64 || !UID.matcher(iuid).matches()) {
            throw new DicomServiceException(Status.CannotUnderstand, "invalid SOP Instance UID");
        }
        // a unique .part per transfer: the same instance may arrive on two associations at once
        Path part = folder.resolve(iuid + ".dcm." + Long.toHexString(PART_IDS.incrementAndGet()) + ".part");
        Path target = folder.resolve(iuid + ".dcm");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
                new FileMetaInformation(rq.sopClassUID(), iuid, rq.transferSyntaxUID()).write(out, rq.callingAET());
                dataset.transferTo(out); // one write per received fragment
                if (fsync) {
                    ch.force(false); // fdatasync: data and the size needed to read it back
                }
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("file system cannot rename atomically: " + folder, e);
            }
            if (fsync) {
                forceDirectory(folder);
            }
            done = true;
            return Status.Success;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
