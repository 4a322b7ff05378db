package io.radflow.labeling.wado;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.quarkus.vertx.utils.NoBoundChecksBuffer;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A response body built in recycled direct buffers of {@value #PIECE} bytes: frame bytes go
 * straight from the file into them with positional reads, and they go to the socket as one
 * composite buffer with a gathering write, without another copy; once Netty has written and
 * released them they return to a bounded free list ({@value #KEPT} buffers). So a frame request
 * allocates no large Java array (a 512 KiB frame would be a humongous object for G1, each one a
 * young collection) and no fresh direct memory (Quarkus sets Netty's pool chunks to 64 KiB, so a
 * 512 KiB pooled buffer would be allocated and zeroed outside the pool each time, and even 64 KiB
 * pieces get a new chunk each). Either {@link #toBuffer} hands the buffers over, or {@link #close}
 * releases them.
 */
final class ResponseBody implements AutoCloseable {
    /** Size of one buffer. */
    static final int PIECE = 128 << 10;
    /** Free buffers kept for reuse (at most 32 MiB); more are left to the garbage collector. */
    static final int KEPT = 256;

    private static final BlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(KEPT);

    private final List<ByteBuf> pieces = new ArrayList<>();
    private ByteBuf current;
    private boolean handedOver;
    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) {
            writable().writeByte(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                ByteBuf buf = writable();
                int n = Math.min(len, buf.writableBytes());
                buf.writeBytes(b, off, n);
                off += n;
                len -= n;
            }
        }
    };

    /** Appends to the body. */
    OutputStream out() {
        return out;
    }

    /** Appends {@code length} bytes of {@code file} from {@code position}, read positionally. */
    void appendFileRange(Path file, long position, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = position;
            int left = length;
            while (left > 0) {
                ByteBuf buf = writable();
                int n = buf.writeBytes(ch, pos, Math.min(left, buf.writableBytes()));
                if (n < 0) {
                    throw new IOException(file + ": truncated at offset " + pos);
                }
                pos += n;
                left -= n;
            }
        }
    }

    private ByteBuf writable() {
        if (current == null || !current.isWritable()) {
            current = new Piece();
            pieces.add(current);
        }
        return current;
    }

    /** The body as a Vert.x buffer; it now belongs to the response (released after it is written). */
    Buffer toBuffer() {
        CompositeByteBuf all = new CompositeByteBuf(UnpooledByteBufAllocator.DEFAULT, true, Math.max(2, pieces.size()));
        all.addComponents(true, pieces);
        handedOver = true;
        return new NoBoundChecksBuffer(all);
    }

    @Override
    public void close() {
        if (!handedOver) {
            pieces.forEach(ByteBuf::release);
            pieces.clear();
            handedOver = true;
        }
    }

    /** A direct buffer from the free list that goes back to it when released. */
    private static final class Piece extends UnpooledDirectByteBuf {
        Piece() {
            super(UnpooledByteBufAllocator.DEFAULT, PIECE, PIECE);
        }

        @Override
        protected ByteBuffer allocateDirect(int capacity) {
            ByteBuffer b = FREE.poll();
            return b != null && b.capacity() == capacity ? b.clear() : ByteBuffer.allocateDirect(capacity);
        }

        @Override
        protected void freeDirect(ByteBuffer buffer) {
            FREE.offer(buffer); // when the list is full, the garbage collector frees it
        }
    }
}
