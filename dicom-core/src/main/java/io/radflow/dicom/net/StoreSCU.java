package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.io.Transcoder;
import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.PresentationContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Storage SCU for Part 10 files: proposes one presentation context per SOP class and stored transfer
 * syntax (Explicit and Implicit VR Little Endian each offering the other; other syntaxes with an
 * extra Explicit/Implicit VR LE context), sends many instances per association and several
 * associations in parallel. Each instance goes in its stored syntax when accepted; else Explicit VR
 * LE is streamed to Implicit VR LE without parsing, and anything else is converted to Explicit or
 * Implicit VR LE with dicom-core's reader and writer (compressed pixel data needs a codec).
 */
public final class StoreSCU {
    private static final System.Logger LOG = System.getLogger(StoreSCU.class.getName());

    /** A Part 10 file to send. */
    public record Instance(Path file, FileMetaInformation fmi) {}

    /** The outcome for one file: the response status, or -1 with the failure. */
    public record Result(Instance instance, int status, String error) {
        public boolean ok() {
            return Status.isSuccessOrWarning(status);
        }
    }

    private final ApplicationEntity ae;
    private final Connection remote;
    private final String calledAET;
    private int priority = Commands.PRIORITY_MEDIUM;

    public StoreSCU(ApplicationEntity ae, Connection remote, String calledAET) {
        this.ae = ae;
        this.remote = remote;
        this.calledAET = calledAET;
    }

    public StoreSCU setPriority(int priority) {
        this.priority = priority;
        return this;
    }

    /** Lists the Part 10 files under {@code paths} (files or folders, recursively); others are skipped. */
    public static List<Instance> scan(Collection<Path> paths) throws IOException {
        List<Instance> list = new ArrayList<>();
        for (Path p : paths) {
            List<Path> files;
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(p);
            }
            for (Path f : files) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 4096)) {
                    list.add(new Instance(f, FileMetaInformation.read(in)));
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "skipping {0}: {1}", f, e.getMessage());
                }
            }
        }
        return list;
    }

    /** The association request proposing what {@code instances} need. */
    public AAssociateRQ associateRQ(Collection<Instance> instances) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCalledAET(calledAET);
        Map<String, Set<String>> syntaxes = new LinkedHashMap<>();
        for (Instance i : instances) {
            syntaxes.computeIfAbsent(i.fmi().sopClassUID(), k -> new LinkedHashSet<>())
                    .add(i.fmi().transferSyntaxUID());
        }
        for (Map.Entry<String, Set<String>> e : syntaxes.entrySet()) {
            boolean nativeLE = false;
            for (String ts : e.getValue()) {
                String[] tss = ts.equals(UID.ExplicitVRLittleEndian)
                        ? new String[] {ts, UID.ImplicitVRLittleEndian}
                        : ts.equals(UID.ImplicitVRLittleEndian)
                                ? new String[] {ts, UID.ExplicitVRLittleEndian}
                                : new String[] {ts};
                nativeLE |= ts.equals(UID.ExplicitVRLittleEndian) || ts.equals(UID.ImplicitVRLittleEndian);
                rq.addPresentationContext(PresentationContext.rq(rq.nextPresentationContextID(), e.getKey(), tss));
            }
            if (!nativeLE) { // fallback for peers that do not accept the stored syntax
                rq.addPresentationContext(PresentationContext.rq(
                        rq.nextPresentationContextID(),
                        e.getKey(),
                        UID.ExplicitVRLittleEndian,
                        UID.ImplicitVRLittleEndian));
            }
        }
        return rq;
    }

    /** Sends {@code instances} over {@code associations} parallel associations; one result each. */
    public List<Result> send(List<Instance> instances, int associations) throws InterruptedException {
        int n = Math.max(1, Math.min(associations, instances.size()));
        List<List<Instance>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < instances.size(); i++) {
            parts.get(i % n).add(instances.get(i));
        }
        List<Result> results = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (List<Instance> part : parts) {
                fs.add(ex.submit(() -> {
                    results.addAll(sendOnOneAssociation(part));
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        return results;
    }

    /** Sends {@code instances} over one association; failures are reported per instance. */
    public List<Result> sendOnOneAssociation(List<Instance> instances) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        if (instances.isEmpty()) {
            return results;
        }
        Association as;
        try {
            as = ae.connect(remote, associateRQ(instances));
        } catch (IOException e) {
            for (Instance i : instances) {
                results.add(new Result(i, -1, e.toString()));
            }
            return results;
        }
        try {
            for (Instance i : instances) {
                results.add(store(as, i));
            }
        } finally {
            try {
                as.release();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "{0}: release failed: {1}", as, e.toString());
            }
        }
        return results;
    }

    /** Stores one file on an open association. */
    public Result store(Association as, Instance i) throws InterruptedException {
        FileMetaInformation fmi = i.fmi();
        List<String> accepted = as.acceptedTransferSyntaxes(fmi.sopClassUID());
        try {
            int pcid;
            DataWriter writer;
            if (accepted.contains(fmi.transferSyntaxUID())) {
                pcid = as.pcidFor(fmi.sopClassUID(), fmi.transferSyntaxUID());
                writer = (out, ts) -> {
                    try (InputStream in = open(i.file())) {
                        if (out instanceof PDVOutputStream pdv) {
                            pdv.transferFrom(in);
                        } else {
                            in.transferTo(out);
                        }
                    }
                };
            } else if (fmi.transferSyntaxUID().equals(UID.ExplicitVRLittleEndian)
                    && accepted.contains(UID.ImplicitVRLittleEndian)) {
                pcid = as.pcidFor(fmi.sopClassUID(), UID.ImplicitVRLittleEndian);
                writer = (out, ts) -> {
                    try (InputStream in = open(i.file())) {
                        ExplicitToImplicitVR.transcode(in, out);
                    }
                };
            } else if (accepted.contains(UID.ExplicitVRLittleEndian) || accepted.contains(UID.ImplicitVRLittleEndian)) {
                String target = accepted.contains(UID.ExplicitVRLittleEndian)
                        ? UID.ExplicitVRLittleEndian
                        : UID.ImplicitVRLittleEndian;
                pcid = as.pcidFor(fmi.sopClassUID(), target);
                writer = (out, ts) -> transcode(i.file(), out, ts);
            } else {
                return new Result(
                        i, -1, "peer accepted none of " + fmi.transferSyntaxUID() + " for " + fmi.sopClassUID());
            }
            Attributes rsp = as.cstore(pcid, fmi.sopClassUID(), fmi.sopInstanceUID(), priority, writer);
            return new Result(i, Commands.status(rsp), rsp.getString(Tag.ErrorComment));
        } catch (IOException e) {
            return new Result(i, -1, e.toString());
        }
    }

    /**
     * Writes the data set of {@code file} in {@code ts} with dicom-core's reader and writer (pixel
     * data stays on disk as bulk data; decompression needs a registered pixel data codec).
     */
    private static void transcode(Path file, OutputStream out, String ts) throws IOException {
        Attributes ds;
        String source;
        try (DicomInputStream dis = new DicomInputStream(file)) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            dis.readFileMetaInformation();
            ds = dis.readDataset();
            source = dis.getTransferSyntax();
        }
        Transcoder.adaptPixelData(ds, source, ts);
        DicomOutputStream dos = new DicomOutputStream(out, ts);
        dos.writeDataset(null, ds);
        dos.flush();
    }

    /** Opens a Part 10 file positioned at its data set. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            FileMetaInformation.read(in);
            return in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
