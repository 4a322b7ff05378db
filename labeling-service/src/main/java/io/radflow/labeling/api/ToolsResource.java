package io.radflow.labeling.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.dicomweb.DicomWebException;
import io.radflow.labeling.labels.MaskRle;
import io.radflow.labeling.tools.BackProjection;
import io.radflow.labeling.tools.GrabCutTool;
import io.radflow.labeling.tools.HuFrame;
import io.radflow.labeling.tools.HuThreshold;
import io.radflow.labeling.tools.Rect;
import io.radflow.labeling.tools.ToolException;
import io.radflow.labeling.wado.InstanceLocator;
import io.radflow.service.audit.AuditScope;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.TimeUnit;

/**
 * The semi-automatic labeling tools under {@code /api/v1/tools} (annotator, admin): histogram back
 * projection, GrabCut and a HU-range threshold on one frame read straight from the archive — the frame's
 * bytes only, as WADO-RS frames are served (no series download, no study cache), with the Modality LUT
 * applied so windows and ranges are in HU. Each answers a mask (run-length encoded, base64, as label
 * saves take it) with the server time it took.
 */
@Path("/api/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
public class ToolsResource {
    private final InstanceLocator locator;
    private final AuditScope scope;
    private final MeterRegistry registry;

    public ToolsResource(InstanceLocator locator, AuditScope scope, MeterRegistry registry) {
        this.locator = locator;
        this.scope = scope;
        this.registry = registry;
    }

    /**
     * The frame a tool works on.
     *
     * @param studyInstanceUID study
     * @param seriesInstanceUID series
     * @param sopInstanceUID instance
     * @param frame 1-based frame (null: 1)
     */
    public record FrameRef(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID, Integer frame) {}

    /** A HU window: {@code low} maps to black, {@code high} to white. */
    public record Window(Double low, Double high) {}

    /** Histogram back projection: a sample rectangle of the tissue, its window, histogram settings. */
    public record BackProjectionRequest(
            FrameRef frame,
            Rect sample,
            Window window,
            Integer bins,
            Double threshold,
            Integer smoothing,
            Integer morphology,
            Rect within) {}

    /** GrabCut: a rectangle around the object, the window, optional scribbles (base64 RLE masks). */
    public record GrabCutRequest(
            FrameRef frame, Rect rect, Window window, String foreground, String background, Integer iterations) {}

    /** A HU range, optionally inside a rectangle. */
    public record ThresholdRequest(FrameRef frame, Double low, Double high, Rect within) {}

    /**
     * A tool's answer.
     *
     * @param rows frame rows
     * @param columns frame columns
     * @param pixels pixels selected
     * @param mask base64 {@link MaskRle} runs
     * @param frameMillis time to read and decode the frame
     * @param toolMillis time of the tool itself
     */
    public record MaskResponse(int rows, int columns, int pixels, String mask, double frameMillis, double toolMillis) {}

    @POST
    @Path("back-projection")
    public MaskResponse backProjection(BackProjectionRequest r) {
        require(r, r == null ? null : r.frame());
        Window w = window(r.window());
        return run(
                "back-projection",
                r.frame(),
                f -> BackProjection.apply(
                        f,
                        new BackProjection.Params(
                                r.sample(),
                                w.low(),
                                w.high(),
                                r.bins() == null ? BackProjection.DEFAULT_BINS : r.bins(),
                                r.threshold() == null ? BackProjection.DEFAULT_THRESHOLD : r.threshold(),
                                r.smoothing() == null ? BackProjection.DEFAULT_SMOOTHING : r.smoothing(),
                                r.morphology() == null ? BackProjection.DEFAULT_MORPHOLOGY : r.morphology(),
                                r.within())));
    }

    @POST
    @Path("grabcut")
    public MaskResponse grabCut(GrabCutRequest r) {
        require(r, r == null ? null : r.frame());
        Window w = window(r.window());
        return run(
                "grabcut",
                r.frame(),
                f -> GrabCutTool.apply(
                        f,
                        new GrabCutTool.Params(
                                r.rect(),
                                w.low(),
                                w.high(),
                                scribbles("foreground", r.foreground(), f),
                                scribbles("background", r.background(), f),
                                r.iterations() == null ? GrabCutTool.DEFAULT_ITERATIONS : r.iterations())));
    }

    @POST
    @Path("threshold")
    public MaskResponse threshold(ThresholdRequest r) {
        require(r, r == null ? null : r.frame());
        if (r.low() == null || r.high() == null || !(r.low() <= r.high())) {
            throw ApiException.badRequest("low and high (HU) are required, low ≤ high");
        }
        return run("threshold", r.frame(), f -> HuThreshold.apply(f, r.low(), r.high(), r.within()));
    }

    private interface Tool {
        byte[] apply(HuFrame frame);
    }

    private MaskResponse run(String name, FrameRef ref, Tool tool) {
        long t0 = System.nanoTime();
        HuFrame frame = frame(ref);
        long t1 = System.nanoTime();
        byte[] mask;
        try {
            mask = tool.apply(frame);
        } catch (ToolException e) {
            throw ApiException.badRequest(name + ": " + e.getMessage());
        }
        long t2 = System.nanoTime();
        Timer.builder("radflow.labeling.tool")
                .tag("tool", name)
                .publishPercentiles(0.5, 0.9)
                .register(registry)
                .record(t2 - t1, TimeUnit.NANOSECONDS);
        return new MaskResponse(
                frame.rows(),
                frame.columns(),
                MaskRle.count(mask),
                MaskRle.encodeBase64(mask),
                (t1 - t0) / 1e6,
                (t2 - t1) / 1e6);
    }

    /** The frame's values in HU: only its bytes are read from the archived file. */
    private HuFrame frame(FrameRef ref) {
        ApiException.requireUid("frame.studyInstanceUID", ref.studyInstanceUID());
        ApiException.requireUid("frame.seriesInstanceUID", ref.seriesInstanceUID());
        ApiException.requireUid("frame.sopInstanceUID", ref.sopInstanceUID());
        scope.study(ref.studyInstanceUID());
        int number = ref.frame() == null ? 1 : ref.frame();
        ParsedInstance p;
        try {
            p = locator.parsed(ref.studyInstanceUID(), ref.seriesInstanceUID(), ref.sopInstanceUID());
        } catch (DicomWebException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
        if (p.pixelData() == null) {
            throw ApiException.badRequest("instance " + ref.sopInstanceUID() + " has no pixel data");
        }
        if (number < 1 || number > p.frames()) {
            throw ApiException.notFound(
                    "frame " + number + " of instance " + ref.sopInstanceUID() + " (it has " + p.frames() + ")");
        }
        try {
            return HuFrame.of(p.dataset(), p.pixelData(), number - 1);
        } catch (PixelDataException e) {
            throw new ApiException(
                    422, "frame " + number + " of " + ref.sopInstanceUID() + " cannot be decoded: " + e.getMessage());
        } catch (ToolException | IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static byte[] scribbles(String name, String rle, HuFrame f) {
        if (rle == null || rle.isEmpty()) {
            return null;
        }
        try {
            return MaskRle.decodeBase64(rle, f.size());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + " scribbles: " + e.getMessage());
        }
    }

    private static Window window(Window w) {
        if (w == null || w.low() == null || w.high() == null) {
            throw ApiException.badRequest("window {low, high} in HU is required");
        }
        return w;
    }

    private static void require(Object body, FrameRef frame) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        if (frame == null) {
            throw ApiException.badRequest(
                    "frame {studyInstanceUID, seriesInstanceUID, sopInstanceUID, frame} is required");
        }
    }
}
