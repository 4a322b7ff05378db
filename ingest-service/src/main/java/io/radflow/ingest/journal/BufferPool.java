package io.radflow.ingest.journal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct memory for instances being received: fixed-size chunks, recycled, at most {@code maxBytes}
 * in use at once. {@link #acquire()} never blocks: when the budget is spent it returns null and the
 * caller spills the instance to a staging file instead (so memory stays bounded whatever the senders
 * do). Direct buffers are written to the journal without the copy that heap buffers cost.
 */
public final class BufferPool {
    /** Size of one chunk. */
    public static final int CHUNK = 256 * 1024;

    private final long maxChunks;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long inUse;

    /** @param maxBytes the most memory held by received instances at once */
    public BufferPool(long maxBytes) {
        this.maxChunks = Math.max(0, maxBytes / CHUNK);
    }

    /** A cleared chunk, or null when the budget is spent. */
    public synchronized ByteBuffer acquire() {
        if (inUse >= maxChunks) {
            return null;
        }
        inUse++;
        ByteBuffer b = free.poll();
        if (b == null) {
            b = ByteBuffer.allocateDirect(CHUNK);
        }
        return b.clear();
    }

    /** Gives a chunk back. */
    public synchronized void release(ByteBuffer b) {
        inUse--;
        free.push(b);
    }

    /** Bytes currently held by received instances. */
    public synchronized long bytesInUse() {
        return inUse * CHUNK;
    }
}
