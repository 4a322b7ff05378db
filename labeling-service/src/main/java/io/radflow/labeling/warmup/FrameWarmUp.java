package io.radflow.labeling.warmup;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.labeling.archive.ArchiveFiles;
import io.radflow.labeling.archive.IngestIndex;
import io.radflow.labeling.archive.InstanceFiles;
import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.config.DicomWebConfig;
import io.radflow.service.security.CachingBearerTokenIdentityProvider;
import io.radflow.service.security.Roles;
import io.radflow.service.security.VerifiedTokenCache;
import io.radflow.service.security.WarmUpIdentity;
import io.radflow.service.warmup.SyntheticCt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Start-up warm-up of the frame path (issue 23): before readiness turns UP, the service sends itself
 * WADO-RS frame requests, as OHIF asks for them ({@code transfer-syntax=*}), over a loopback HTTP connection
 * to its own listener, so that the JIT compiles the whole request path — HTTP, bearer authentication and
 * roles, the audit filters, the index and file look-ups, header parsing, the multipart body — before the
 * first viewer arrives instead of while it does.
 *
 * <p>The frames are those of a synthetic CT series ({@link SyntheticCt}, 512² slices) written to a new
 * temporary folder; its random UIDs are made resolvable in the instance-location cache only ({@link
 * IngestIndex#adopt}: nothing is written to the index), every pass over the series parses the files
 * again (the path of a viewer's first request for each instance), and a QIDO-RS query for the synthetic
 * study (no match) runs once per pass. The requests carry a {@link WarmUpIdentity} token, accepted only
 * through the verified-token cache and revoked at the end; audit leaves them out. Afterwards the token,
 * the cached locations and headers and the folder are gone. At most {@code
 * radflow.dicomweb.warm-up.requests} requests or {@code max-duration}; a failure ends the warm-up early
 * with a log line and never stops the service. Readiness ({@link WarmUpReadinessCheck}) waits for it.
 */
@ApplicationScoped
public class FrameWarmUp {
    private static final Logger LOG = Logger.getLogger(FrameWarmUp.class);
    /** What OHIF asks for. */
    static final String OHIF_FRAMES = "multipart/related; type=application/octet-stream; transfer-syntax=*";

    /**
     * The outcome of one warm-up.
     *
     * @param requests frame requests answered (each with 200)
     * @param failure why it ended early, or null
     * @param studyInstanceUID the synthetic study
     * @param seriesInstanceUID its series
     * @param sopInstanceUIDs its instances
     * @param token the (revoked) token of its requests
     * @param folder the (removed) folder of its files
     */
    public record Result(
            int requests,
            String failure,
            String studyInstanceUID,
            String seriesInstanceUID,
            List<String> sopInstanceUIDs,
            String token,
            Path folder) {}

    private final DicomWebConfig.WarmUp config;
    private final IngestIndex index;
    private final InstanceFiles instances;
    private final ArchiveFiles files;
    private final CachingBearerTokenIdentityProvider tokens;
    private volatile boolean done;
    private volatile int requests;

    FrameWarmUp(
            DicomWebConfig config,
            IngestIndex index,
            InstanceFiles instances,
            ArchiveFiles files,
            CachingBearerTokenIdentityProvider tokens) {
        this.config = config.warmUp();
        this.index = index;
        this.instances = instances;
        this.files = files;
        this.tokens = tokens;
        this.done = this.config.requests() <= 0;
    }

    void onStart(@Observes StartupEvent ev) {
        if (done) {
            return;
        }
        Thread.ofPlatform().name("labeling-warm-up").daemon().start(() -> {
            try {
                run(ownBaseUri(), config.requests(), config.maxDuration());
            } finally {
                done = true;
            }
        });
    }

    /** Whether the warm-up has ended (or is off). */
    public boolean done() {
        return done;
    }

    /** Frame requests answered so far. */
    public int requests() {
        return requests;
    }

    /**
     * Sends up to {@code max} frame requests to the service at {@code base} (its root, e.g. {@code
     * http://127.0.0.1:8080}) within {@code maxDuration}.
     */
    public Result run(URI base, int max, Duration maxDuration) {
        long start = System.nanoTime();
        long deadline = start + maxDuration.toNanos();
        VerifiedTokenCache cache = tokens.cache();
        if (cache == null) {
            LOG.info("warm-up off: the verified-token cache is off, which its requests authenticate through");
            return new Result(0, "token cache off", null, null, List.of(), null, null);
        }
        String study = UID.createUID();
        String series = UID.createUID();
        Path folder = null;
        List<InstanceLocation> locations = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        String token = null;
        int n = 0;
        String failure = null;
        try {
            folder = Files.createTempDirectory("radflow-labeling-warm-up");
            locations.addAll(write(folder, study, series, config.instances()));
            for (InstanceLocation l : locations) {
                paths.add(l.file());
                files.adopt(l.file());
            }
            index.adopt(locations);
            token = WarmUpIdentity.issue(cache, maxDuration.plusSeconds(10), Roles.RADIOLOGIST);
            String root = base.getRawPath().replaceAll("/+$", "") + "/dicomweb/studies";
            String frames = root + "/" + study + "/series/" + series + "/instances/";
            try (LoopbackHttp http = new LoopbackHttp(base.getHost(), base.getPort())) {
                http.connect(deadline);
                while (n < max && System.nanoTime() < deadline) {
                    expect(http.get(root + "?StudyInstanceUID=" + study, "application/dicom+json", token), "QIDO-RS");
                    for (InstanceLocation l : locations) {
                        if (n >= max || System.nanoTime() >= deadline) {
                            break;
                        }
                        expect(http.get(frames + l.sopInstanceUID() + "/frames/1", OHIF_FRAMES, token), "a frame");
                        requests = ++n;
                    }
                    instances.forget(paths); // the next pass parses the files again, as a first request does
                }
            }
            LOG.infof(
                    "warm-up: %d WADO-RS frame requests of a synthetic series in %d ms (nothing stored or audited)",
                    n, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            failure = e.toString();
            LOG.warnf("warm-up ended after %d frame requests: %s", n, failure);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (token != null) {
                WarmUpIdentity.revoke(cache, token);
            }
            index.forget(locations);
            instances.forget(paths);
            paths.forEach(files::forget);
            delete(folder);
        }
        return new Result(
                n,
                failure,
                study,
                series,
                locations.stream().map(InstanceLocation::sopInstanceUID).toList(),
                token,
                folder);
    }

    private static void expect(int status, String what) throws IOException {
        if (status != 200 && status != 204) {
            throw new IOException("HTTP " + status + " for " + what);
        }
    }

    /** The synthetic series: {@code count} CT slices of 512² pixels as Part 10 files in {@code folder}. */
    static List<InstanceLocation> write(Path folder, String study, String series, int count) throws IOException {
        Attributes ds = SyntheticCt.image(512);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        List<InstanceLocation> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String sop = UID.createUID();
            SyntheticCt.vary(ds, i); // character sets, signed and unsigned pixels: as real series differ
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setInt(Tag.InstanceNumber, VR.IS, i);
            ds.setDouble(Tag.ImagePositionPatient, VR.DS, -200, -200, -i * 1.25);
            Path file = folder.resolve(sop + ".dcm");
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 65536);
                    DicomOutputStream dos = new DicomOutputStream(os, UID.ExplicitVRLittleEndian)) {
                dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
            }
            out.add(new InstanceLocation(
                    study, series, sop, UID.CTImageStorage, UID.ExplicitVRLittleEndian, file, i, 0L));
        }
        return out;
    }

    /** The service's own listener as seen from this process (a wildcard bind address is reached on loopback). */
    static URI ownBaseUri() {
        Config c = ConfigProvider.getConfig();
        String host = c.getOptionalValue("quarkus.http.host", String.class).orElse("127.0.0.1");
        if (host.equals("0.0.0.0") || host.isBlank()) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "[::1]";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = LaunchMode.current() == LaunchMode.TEST
                ? c.getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081)
                : c.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        String root = c.getOptionalValue("quarkus.http.root-path", String.class).orElse("/");
        return URI.create("http://" + host + ":" + port + (root.startsWith("/") ? root : "/" + root));
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (var all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf("cannot remove the warm-up folder %s: %s", folder, e.toString());
        }
    }
}
