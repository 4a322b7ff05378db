package io.radflow.dicom.image.codec;

import java.io.EOFException;
import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An in-memory {@code ImageInputStream} that ends decoding by an {@link IOException} once a
 * deadline has passed, and reports reads beyond the end as {@link EOFException}. Decoders that
 * spin on corrupt data while reading (jj2000 on broken packet headers) stop this way.
 */
final class DeadlineImageInputStream extends ImageInputStreamImpl {
    private final byte[] data;
    private final long deadline;

    DeadlineImageInputStream(byte[] data, long deadlineNanos) {
        this.data = data;
        this.deadline = deadlineNanos;
    }

    private void check() throws IOException {
        if (System.nanoTime() - deadline > 0) {
            throw new IOException("decoding time limit exceeded");
        }
    }

    @Override
    public int read() throws IOException {
        check();
        bitOffset = 0;
        if (streamPos >= data.length) {
            throw new EOFException("read past end of compressed frame");
        }
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            return -1;
        }
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }
}
