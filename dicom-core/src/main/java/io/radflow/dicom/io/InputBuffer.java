package io.radflow.dicom.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Buffered reading with position tracking and look-ahead for {@link DicomInputStream}. */
final class InputBuffer {
    private static final int MAP_THRESHOLD = 256 * 1024;

    private InputStream in;
    private byte[] buf = new byte[16384];
    private int pos;
    private int lim;
    private long bufStart;
    private boolean eof;

    /** Set for file input: large values are copied from a memory mapping (one copy, no syscall per chunk). */
    private java.nio.channels.FileChannel channel;

    InputBuffer(InputStream in) {
        this.in = in;
    }

    InputBuffer(java.nio.channels.FileChannel channel) {
        this.in = java.nio.channels.Channels.newInputStream(channel);
        this.channel = channel;
    }

    long position() {
        return bufStart + pos;
    }

    byte[] array() {
        return buf;
    }

    int pos() {
        return pos;
    }

    void setPos(int p) {
        pos = p;
    }

    void skipBuffered(int n) {
        pos += n;
    }

    /** Ensures {@code n} (≤ 16 KiB) bytes are buffered at {@link #pos()}; false on end of input. */
    boolean fill(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            bufStart += pos;
            lim -= pos;
            pos = 0;
        }
        while (lim < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        return lim - pos >= n;
    }

    /** True if no more bytes are available. */
    boolean atEnd() throws IOException {
        return !fill(1);
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, dst, off, n);
        pos += n;
        int done = n;
        if (channel != null && len - done >= MAP_THRESHOLD) {
            long filePos = bufStart + lim; // the channel is positioned after the buffered bytes
            int rest = len - done;
            if (filePos + rest > channel.size()) {
                throw new EOFException();
            }
            channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, filePos, rest)
                    .get(dst, off + done, rest);
            channel.position(filePos + rest);
            bufStart += rest;
            return;
        }
        while (done < len) {
            int r = in.read(dst, off + done, len - done);
            if (r < 0) {
                throw new EOFException();
            }
            done += r;
            bufStart += r;
        }
    }

    void skipFully(long len) throws IOException {
        long n = Math.min(len, lim - pos);
        pos += (int) n;
        long left = len - n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                s = 1;
            }
            left -= s;
            bufStart += s;
        }
    }

    /** The unread buffered bytes followed by the rest of the stream; the buffer is emptied. */
    InputStream remaining() {
        InputStream rest = new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream(java.util.Arrays.copyOfRange(buf, pos, lim)), in);
        bufStart += pos;
        pos = lim = 0;
        return rest;
    }

    /** Continues reading from {@code newIn} at position 0 (after switching to inflated data). */
    void replace(InputStream newIn) {
        in = newIn;
        channel = null;
        pos = lim = 0;
        bufStart = 0;
        eof = false;
    }

    void close() throws IOException {
        in.close();
    }
}
