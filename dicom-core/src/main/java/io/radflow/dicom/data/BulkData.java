package io.radflow.dicom.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A value left in its source: a byte range of a file (or a URI, e.g. a DICOMweb BulkDataURI),
 * read only when asked. Pixel data is handed out this way so that it is never loaded unless used.
 *
 * @param uri where the bytes are; a {@code file:} URI for ranges of local files
 * @param offset position of the first byte in the file
 * @param length number of bytes, or -1 when unknown
 * @param bigEndian byte order of the value (for byte swapping on transcoding)
 */
public record BulkData(URI uri, long offset, long length, boolean bigEndian) {

    /** A range of a local file. */
    public static BulkData ofFile(Path file, long offset, long length, boolean bigEndian) {
        return new BulkData(file.toUri(), offset, length, bigEndian);
    }

    /** True if the bytes are a range of a local file. */
    public boolean isFile() {
        return "file".equals(uri.getScheme());
    }

    /** The local file, if {@link #isFile()}. */
    public Path path() {
        return Path.of(uri);
    }

    /** Opens the range for reading. Only local files can be opened here. */
    public InputStream openStream() throws IOException {
        if (!isFile()) {
            throw new IOException("cannot open bulk data " + uri + ": not a local file");
        }
        FileChannel ch = FileChannel.open(path(), StandardOpenOption.READ);
        ch.position(offset);
        InputStream in = Channels.newInputStream(ch);
        return length < 0 ? in : new BoundedInputStream(in, length);
    }

    /** Reads the whole range. */
    public byte[] toBytes() throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("bulk data too large for a byte array: " + length);
        }
        try (InputStream in = openStream()) {
            byte[] b = in.readAllBytes();
            if (length >= 0 && b.length != length) {
                throw new IOException("bulk data " + uri + " truncated: " + b.length + " of " + length + " bytes");
            }
            return b;
        }
    }

    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
