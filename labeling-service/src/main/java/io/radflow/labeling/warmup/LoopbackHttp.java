package io.radflow.labeling.warmup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The warm-up's HTTP/1.1 client: GET requests over one keep-alive connection to the service's own
 * listener, each body read to its end (Content-Length or chunked) and dropped. Deliberately small: a
 * general client (the JDK's) would spend a good part of the warm-up's CPU budget on its own cold code,
 * on the same CPUs as the service it warms.
 */
final class LoopbackHttp implements Closeable {
    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] skip = new byte[65536];

    LoopbackHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Connects; a refused connection is tried again until {@code untilNanos} (the listener may open later). */
    void connect(long untilNanos) throws IOException, InterruptedException {
        while (true) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(10_000);
                socket = s;
                out = s.getOutputStream();
                in = new BufferedInputStream(s.getInputStream(), 65536);
                return;
            } catch (IOException e) {
                s.close();
                if (System.nanoTime() >= untilNanos) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Sends a GET and reads the whole answer; returns its status code. */
    int get(String path, String accept, String bearer) throws IOException {
        String rq = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: " + accept
                + "\r\nAuthorization: Bearer " + bearer + "\r\n\r\n";
        out.write(rq.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        if (chunked) {
            for (long n = Long.parseLong(line().split(";")[0].trim(), 16);
                    n > 0;
                    n = Long.parseLong(line().split(";")[0].trim(), 16)) {
                skip(n);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            skip(length);
        } else if (length < 0 && code != 204 && code != 304) {
            throw new IOException("an answer without length (HTTP " + code + ")");
        }
        if (close) {
            throw new IOException("the service closed the connection (HTTP " + code + ")");
        }
        return code;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, n));
            if (r < 0) {
                throw new EOFException();
            }
            n -= r;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }
}
