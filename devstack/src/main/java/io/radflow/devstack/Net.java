package io.radflow.devstack;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Small waits on loopback services: ports and HTTP endpoints. */
public final class Net {
    /** Every component of the local stack and of the tests listens on this address only. */
    public static final String LOOPBACK = "127.0.0.1";

    private Net() {}

    /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean isOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** HTTP status of a GET, or -1 when nothing answers. */
    public static int httpStatus(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            int code = c.getResponseCode();
            c.disconnect();
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Polls {@code condition} every 100 ms until it holds; fails with {@code what} after {@code timeout},
     * or at once when {@code alive} turns false (the process being waited for died).
     */
    public static void await(String what, Duration timeout, BooleanSupplier alive, BooleanSupplier condition)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!alive.getAsBoolean()) {
                throw new IOException(what + ": the process exited before it was ready");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(what + ": not ready after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100); // polling an external process; there is no event to await
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(what + ": interrupted", e);
            }
        }
    }
}
