package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run by {@link BoundedMemoryTest} in a JVM with a small heap: several associations each store a
 * data set far larger than that heap through Radflow's SCU and SCP. Exits 0 when every instance
 * was stored (status 0000, every byte counted by the handler).
 */
public final class BoundedMemoryMain {
    static final String CT = "1.2.840.10008.5.1.4.1.1.7";

    private BoundedMemoryMain() {}

    public static void main(String[] args) throws Exception {
        int associations = Integer.parseInt(args[0]);
        long pixelBytes = Long.parseLong(args[1]);
        AtomicLong received = new AtomicLong();
        ApplicationEntity ae = new ApplicationEntity("BIG").setStoreHandler((rq, data) -> {
            received.addAndGet(data.transferTo(OutputStream.nullOutputStream()));
            return Status.Success;
        });
        byte[] header = header(pixelBytes);
        try (DicomServer scp = new DicomServer(new Connection("127.0.0.1", 0), ae).start();
                ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < associations; i++) {
                fs.add(ex.submit(() -> store(scp.getLocalPort(), header, pixelBytes)));
            }
            for (Future<Integer> f : fs) {
                if (f.get() != Status.Success) {
                    System.err.println("status " + Status.toString(f.get()));
                    System.exit(1);
                }
            }
        }
        long expected = associations * (header.length + pixelBytes);
        System.out.println("received " + received.get() + " of " + expected + " bytes, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        System.exit(received.get() == expected ? 0 : 1);
    }

    private static int store(int port, byte[] header, long pixelBytes) throws IOException, InterruptedException {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAET("BIG");
        rq.addPresentationContext(PresentationContext.rq(1, CT, UID.ExplicitVRLittleEndian));
        try (Association as = new ApplicationEntity("SCU").connect(new Connection("127.0.0.1", port), rq)) {
            Attributes rsp = as.cstore(1, CT, "1.2.3.4", Commands.PRIORITY_MEDIUM, (out, ts) -> {
                out.write(header);
                byte[] zeros = new byte[64 * 1024];
                for (long left = pixelBytes; left > 0; left -= zeros.length) {
                    out.write(zeros, 0, (int) Math.min(left, zeros.length));
                }
            });
            return Commands.status(rsp);
        }
    }

    /** SOP Class and Instance UID, then the header of an OB Pixel Data element of the given length. */
    private static byte[] header(long pixelBytes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        element(b, 0x0008, 0x0016, "UI", CT + "\0");
        element(b, 0x0008, 0x0018, "UI", "1.2.3.4\0");
        b.writeBytes(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0});
        b.writeBytes(new byte[] {
            (byte) pixelBytes, (byte) (pixelBytes >> 8), (byte) (pixelBytes >> 16), (byte) (pixelBytes >> 24)
        });
        return b.toByteArray();
    }

    private static void element(ByteArrayOutputStream b, int group, int elem, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        b.writeBytes(new byte[] {(byte) group, (byte) (group >> 8), (byte) elem, (byte) (elem >> 8)});
        b.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {(byte) v.length, (byte) (v.length >> 8)});
        b.writeBytes(v);
    }
}
