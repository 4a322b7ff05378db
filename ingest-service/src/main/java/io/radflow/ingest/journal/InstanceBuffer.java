package io.radflow.ingest.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One received instance (its Part 10 bytes) in chunks of a {@link BufferPool}. Written as an {@link
 * OutputStream}; when the pool has no chunk left or the instance grows beyond {@code maxLength}, the
 * buffer <em>spills</em>: the bytes so far and everything after go to the stream {@link Spill#open()}
 * returns (a staging file), and the chunks are given back. {@link #release()} gives the chunks back
 * once the bytes are in the journal.
 */
public final class InstanceBuffer extends OutputStream {

    /** Where the bytes go when they do not fit in memory. */
    @FunctionalInterface
    public interface Spill {
        OutputStream open() throws IOException;
    }

    private final BufferPool pool;
    private final long maxLength;
    private final Spill spill;
    private final List<ByteBuffer> chunks = new ArrayList<>();
    private OutputStream spilled;
    private long length;

    public InstanceBuffer(BufferPool pool, long maxLength, Spill spill) {
        this.pool = pool;
        this.maxLength = maxLength;
        this.spill = spill;
    }

    /** Whether the bytes went to the spill stream instead of memory. */
    public boolean spilled() {
        return spilled != null;
    }

    /** Bytes written. */
    public long length() {
        return length;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (spilled != null) {
            spilled.write(b, off, len);
            length += len;
            return;
        }
        if (length + len > maxLength) {
            spill();
            write(b, off, len);
            return;
        }
        while (len > 0) {
            ByteBuffer last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (last == null || !last.hasRemaining()) {
                last = pool.acquire();
                if (last == null) {
                    spill();
                    write(b, off, len);
                    return;
                }
                chunks.add(last);
            }
            int n = Math.min(len, last.remaining());
            last.put(b, off, n);
            off += n;
            len -= n;
            length += n;
        }
    }

    private void spill() throws IOException {
        spilled = spill.open();
        writeTo(spilled);
        releaseChunks();
    }

    /** Writes the bytes held in memory (not spilled) to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        byte[] tmp = new byte[64 * 1024];
        for (ByteBuffer b : buffers()) {
            while (b.hasRemaining()) {
                int n = Math.min(tmp.length, b.remaining());
                b.get(tmp, 0, n);
                out.write(tmp, 0, n);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (spilled != null) {
            spilled.flush();
        }
    }

    /** Read-only views of the chunks, positioned at 0 and limited to what was written (not spilled). */
    public List<ByteBuffer> buffers() {
        List<ByteBuffer> out = new ArrayList<>(chunks.size());
        for (ByteBuffer c : chunks) {
            out.add(c.duplicate().flip().asReadOnlyBuffer());
        }
        return out;
    }

    /** Reads the bytes held in memory (not spilled) from the start. */
    public InputStream inputStream() {
        List<ByteBuffer> bufs = buffers();
        return new InputStream() {
            int i;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                while (i < bufs.size() && !bufs.get(i).hasRemaining()) {
                    i++;
                }
                if (i == bufs.size()) {
                    return -1;
                }
                ByteBuffer c = bufs.get(i);
                int n = Math.min(len, c.remaining());
                c.get(b, off, n);
                return n;
            }

            @Override
            public long skip(long n) {
                long done = 0;
                while (done < n && i < bufs.size()) {
                    ByteBuffer c = bufs.get(i);
                    int k = (int) Math.min(n - done, c.remaining());
                    c.position(c.position() + k);
                    done += k;
                    if (!c.hasRemaining()) {
                        i++;
                    }
                }
                return done;
            }
        };
    }

    /** Gives the memory back (idempotent). */
    public void release() {
        releaseChunks();
    }

    private void releaseChunks() {
        for (ByteBuffer c : chunks) {
            pool.release(c);
        }
        chunks.clear();
    }
}
