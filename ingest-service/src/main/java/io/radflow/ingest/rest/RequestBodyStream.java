package io.radflow.ingest.rest;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The body of a request as a blocking stream that reads ahead: up to {@link #READ_AHEAD} chunks are
 * requested from the event loop before the reading thread asks for them, so the event loop keeps
 * receiving while the reader stages the previous bytes (Quarkus REST's own body stream asks for one
 * chunk at a time and waits for each). Memory stays bounded by the read-ahead times the maximum chunk
 * size ({@code quarkus.http.limits.max-chunk-size}).
 *
 * <p>The monitor is the connection, as in Quarkus REST's stream, so that the event loop's handlers and
 * the reader's demand never take two locks in different orders.
 */
final class RequestBodyStream extends InputStream {
    /** Chunks requested ahead of the reader. */
    static final int READ_AHEAD = 32;

    private final HttpServerRequest request;
    private final Object lock;
    private final long timeoutMillis;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private Buffer current;
    private int offset;
    private boolean ended;
    private boolean closed;
    private IOException failure;

    /** Starts reading ahead; to be created on the request's worker thread before anything is read. */
    RequestBodyStream(HttpServerRequest request, long timeoutMillis) {
        this.request = request;
        this.lock = request.connection();
        this.timeoutMillis = timeoutMillis;
        synchronized (lock) {
            if (request.isEnded()) {
                ended = true;
                return;
            }
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                request.response().writeContinue();
            }
            request.pause();
            request.handler(b -> {
                synchronized (lock) {
                    queue.add(b);
                    lock.notifyAll();
                }
            });
            request.endHandler(v -> {
                synchronized (lock) {
                    ended = true;
                    lock.notifyAll();
                }
            });
            request.exceptionHandler(e -> {
                synchronized (lock) {
                    failure = e instanceof IOException io ? io : new IOException(e);
                    queue.clear();
                    lock.notifyAll();
                }
            });
            try {
                request.fetch(READ_AHEAD);
            } catch (IllegalStateException e) {
                ended = true; // HTTP/2: the whole body was read before the reader started
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (current == null || offset == current.length()) {
            current = next();
            offset = 0;
            if (current == null) {
                return -1;
            }
        }
        int n = Math.min(len, current.length() - offset);
        current.getBytes(offset, offset + n, b, off);
        offset += n;
        return n;
    }

    /** The next chunk, waiting for the event loop if none is queued; null at the end of the body. */
    private Buffer next() throws IOException {
        if (Context.isOnEventLoopThread()) {
            throw new IOException("blocking read of a request body on the event loop");
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            while (true) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (failure != null) {
                    throw failure;
                }
                Buffer b = queue.poll();
                if (b != null) {
                    if (!ended) {
                        demand(); // keep READ_AHEAD chunks in flight
                    }
                    return b;
                }
                if (ended) {
                    return null;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    failure = new IOException("no request body data for " + timeoutMillis + " ms");
                    request.connection().close();
                    throw failure;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the request body");
                }
            }
        }
    }

    /** One more chunk asked for; a request that has just ended (HTTP/2 refuses a fetch then) needs none. */
    private void demand() {
        try {
            request.fetch(1);
        } catch (IllegalStateException e) {
            // "Request has already been read": the end is on its way to the end handler
        }
    }

    @Override
    public int available() {
        synchronized (lock) {
            int n = current == null ? 0 : current.length() - offset;
            for (Buffer b : queue) {
                n += b.length();
            }
            return n;
        }
    }

    /** Reads and drops what is left of the body, as Quarkus REST's stream does, so the connection stays usable. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            while (next() != null) {
                // drain
            }
        } finally {
            closed = true;
            current = null;
        }
    }
}
