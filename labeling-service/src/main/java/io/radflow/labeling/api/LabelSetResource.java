package io.radflow.labeling.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.radflow.labeling.labels.LabelSegmentations;
import io.radflow.labeling.labels.LabelSet;
import io.radflow.labeling.labels.LabelSetService;
import io.radflow.labeling.labels.LabelSlice;
import io.radflow.labeling.labels.LabelSource;
import io.radflow.labeling.labels.LabelStore;
import io.radflow.labeling.labels.LabelVersion;
import io.radflow.labeling.labels.SegmentDef;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditEventType;
import io.radflow.service.audit.AuditOutcome;
import io.radflow.service.audit.AuditRecorder;
import io.radflow.service.audit.AuditScope;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Label sets under {@code /api/v1/label-sets} (docs/labeling.md): create on a series, list, versions,
 * content of any version (all or some instances), save (partial, optimistic), diff, revert, publish as
 * SEG, import a SEG as pre-labels. Annotators and admins write; radiologists and researchers read.
 * Every write is audited.
 */
@Path("/api/v1/label-sets")
@Produces(MediaType.APPLICATION_JSON)
public class LabelSetResource {
    private final LabelSetService service;
    private final LabelStore store;
    private final LabelSegmentations segmentations;
    private final SecurityIdentity identity;
    private final AuditRecorder audit;
    private final AuditScope scope;

    public LabelSetResource(
            LabelSetService service,
            LabelStore store,
            LabelSegmentations segmentations,
            SecurityIdentity identity,
            AuditRecorder audit,
            AuditScope scope) {
        this.service = service;
        this.store = store;
        this.segmentations = segmentations;
        this.identity = identity;
        this.audit = audit;
        this.scope = scope;
    }

    /** A new label set. */
    public record CreateRequest(
            String studyInstanceUID,
            String seriesInstanceUID,
            String name,
            Integer firstSlice,
            Integer lastSlice,
            List<SegmentDef> segments,
            List<LabelSetService.SliceMask> slices,
            String source) {}

    /** A save: the version it started from, how it was made, the changed slices, optionally segments. */
    public record SaveRequest(
            Integer baseVersion,
            String source,
            String comment,
            List<SegmentDef> segments,
            List<LabelSetService.SliceMask> slices) {}

    /** A revert. */
    public record RevertRequest(Integer toVersion, Integer baseVersion) {}

    /** A SEG to import as pre-labels. */
    public record ImportRequest(String studyInstanceUID, String seriesInstanceUID, String sopInstanceUID) {}

    /** A label set as answered. */
    public record LabelSetView(
            long id,
            String studyInstanceUID,
            String seriesInstanceUID,
            String name,
            int rows,
            int columns,
            Integer firstSlice,
            Integer lastSlice,
            int currentVersion,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            String importedFrom) {
        static LabelSetView of(LabelSet s) {
            return new LabelSetView(
                    s.id,
                    s.studyUid,
                    s.seriesUid,
                    s.name,
                    s.rows,
                    s.columns,
                    s.firstSlice,
                    s.lastSlice,
                    s.currentVersion,
                    s.createdBy,
                    s.createdAt,
                    s.updatedAt,
                    s.importedFrom);
        }
    }

    /** A version's metadata. */
    public record VersionView(
            long labelSetId,
            int version,
            Integer parentVersion,
            String author,
            Instant createdAt,
            String source,
            String sourceDetail,
            String comment,
            int changedSlices,
            String publishedSopInstanceUID,
            Instant publishedAt,
            List<SegmentDef> segments) {
        static VersionView of(LabelVersion v) {
            return new VersionView(
                    v.labelSetId,
                    v.version,
                    v.parentVersion,
                    v.author,
                    v.createdAt,
                    v.source,
                    v.sourceDetail,
                    v.comment,
                    v.changedSlices,
                    v.publishedSop,
                    v.publishedAt,
                    LabelStore.segments(v));
        }
    }

    /** One mask of a version's content. */
    public record SliceView(String sopInstanceUID, int frame, int segment, int pixels, String mask) {}

    /** A version with its content. */
    public record ContentView(VersionView version, int rows, int columns, List<SliceView> slices) {}

    /** A diff. */
    public record DiffView(
            long labelSetId, int from, int to, long added, long removed, List<LabelSetService.SliceDiff> slices) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
    public Response create(CreateRequest r) {
        if (r == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        ApiException.requireUid("studyInstanceUID", r.studyInstanceUID());
        ApiException.requireUid("seriesInstanceUID", r.seriesInstanceUID());
        LabelSource source = source(r.source());
        LabelSet s = service.create(
                r.studyInstanceUID(),
                r.seriesInstanceUID(),
                r.name(),
                r.firstSlice(),
                r.lastSlice(),
                r.segments(),
                r.slices(),
                user(),
                source,
                null,
                null);
        audited(AuditEventType.LABELS_CHANGED, s, "POST", "label set " + s.id + " created (version 1)");
        return Response.created(URI.create("/api/v1/label-sets/" + s.id))
                .entity(LabelSetView.of(s))
                .build();
    }

    @GET
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public List<LabelSetView> list(@QueryParam("study") String study, @QueryParam("series") String series) {
        if (study != null) {
            ApiException.requireUid("study", study);
            scope.study(study);
        }
        if (series != null) {
            if (study == null) {
                throw ApiException.badRequest("series needs study");
            }
            ApiException.requireUid("series", series);
        }
        return store.list(study, series).stream().map(LabelSetView::of).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public LabelSetView get(@PathParam("id") long id) {
        LabelSet s = store.set(id);
        scope.study(s.studyUid);
        return LabelSetView.of(s);
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public List<VersionView> versions(@PathParam("id") long id) {
        LabelSet s = store.set(id);
        scope.study(s.studyUid);
        return store.versions(id).stream().map(VersionView::of).toList();
    }

    /** A version ({@code current} for the newest) with its masks, all or of the instances named. */
    @GET
    @Path("{id}/versions/{version}")
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public ContentView version(
            @PathParam("id") long id,
            @PathParam("version") String version,
            @QueryParam("sopInstanceUID") List<String> sops) {
        LabelSet s = store.set(id);
        scope.study(s.studyUid);
        int v = versionNumber(version, s);
        LabelVersion lv = store.version(id, v);
        List<LabelSlice> content = store.content(id, v, sops);
        Base64.Encoder b64 = Base64.getEncoder();
        return new ContentView(
                VersionView.of(lv),
                s.rows,
                s.columns,
                content.stream()
                        .map(c -> new SliceView(c.sopUid, c.frame, c.segment, c.pixels, b64.encodeToString(c.mask)))
                        .toList());
    }

    @POST
    @Path("{id}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
    public Response save(@PathParam("id") long id, SaveRequest r) {
        if (r == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        LabelSet s = store.set(id);
        LabelVersion v =
                service.save(s, r.baseVersion(), source(r.source()), r.comment(), r.segments(), r.slices(), user());
        audited(
                AuditEventType.LABELS_CHANGED,
                s,
                "POST",
                "label set " + id + " version " + v.version + " (" + v.source + ", " + v.changedSlices + " slices)");
        return Response.created(URI.create("/api/v1/label-sets/" + id + "/versions/" + v.version))
                .entity(VersionView.of(v))
                .build();
    }

    @POST
    @Path("{id}/revert")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
    public Response revert(@PathParam("id") long id, RevertRequest r) {
        if (r == null || r.toVersion() == null) {
            throw ApiException.badRequest("toVersion is required");
        }
        LabelSet s = store.set(id);
        LabelVersion v = service.revert(s, r.toVersion(), r.baseVersion(), user());
        audited(
                AuditEventType.LABELS_CHANGED,
                s,
                "POST",
                "label set " + id + " reverted to version " + r.toVersion() + " as version " + v.version);
        return Response.created(URI.create("/api/v1/label-sets/" + id + "/versions/" + v.version))
                .entity(VersionView.of(v))
                .build();
    }

    @GET
    @Path("{id}/diff")
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public DiffView diff(@PathParam("id") long id, @QueryParam("from") Integer from, @QueryParam("to") Integer to) {
        LabelSet s = store.set(id);
        scope.study(s.studyUid);
        if (from == null || to == null) {
            throw ApiException.badRequest("from and to (version numbers) are required");
        }
        List<LabelSetService.SliceDiff> d = service.diff(id, from, to);
        return new DiffView(
                id,
                from,
                to,
                d.stream().mapToLong(LabelSetService.SliceDiff::added).sum(),
                d.stream().mapToLong(LabelSetService.SliceDiff::removed).sum(),
                d);
    }

    /** Publishes a version ({@code ?version=}, default the current one) as a SEG into the archive. */
    @POST
    @Path("{id}/publish")
    @RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
    public Response publish(@PathParam("id") long id, @QueryParam("version") Integer version) {
        LabelSet s = store.set(id);
        int v = version == null ? s.currentVersion : version;
        LabelSegmentations.Published p = segmentations.publish(id, v, user());
        audited(
                AuditEventType.DICOM_INSTANCES_TRANSFERRED,
                s,
                "POST",
                "label set " + id + " version " + v + " published as SEG " + p.sopInstanceUID());
        return Response.status(201)
                .location(URI.create("/dicomweb/studies/" + p.studyInstanceUID() + "/series/" + p.seriesInstanceUID()
                        + "/instances/" + p.sopInstanceUID()))
                .entity(p)
                .build();
    }

    /** Imports a SEG from the archive (an AI result) as a new label set: pre-labels to correct. */
    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANNOTATOR, Roles.ADMIN})
    public Response importSeg(ImportRequest r) {
        if (r == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        ApiException.requireUid("studyInstanceUID", r.studyInstanceUID());
        ApiException.requireUid("seriesInstanceUID", r.seriesInstanceUID());
        ApiException.requireUid("sopInstanceUID", r.sopInstanceUID());
        Map.Entry<LabelSet, Boolean> e =
                segmentations.importSeg(r.studyInstanceUID(), r.seriesInstanceUID(), r.sopInstanceUID(), user());
        LabelSet s = e.getKey();
        if (e.getValue()) {
            audited(AuditEventType.IMPORT, s, "POST", "SEG " + r.sopInstanceUID() + " imported as label set " + s.id);
        }
        return Response.status(e.getValue() ? 201 : 200)
                .location(URI.create("/api/v1/label-sets/" + s.id))
                .entity(LabelSetView.of(s))
                .build();
    }

    private static int versionNumber(String text, LabelSet s) {
        if ("current".equals(text) || "latest".equals(text)) {
            return s.currentVersion;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("version must be a number or 'current'");
        }
    }

    private static LabelSource source(String id) {
        try {
            return LabelSource.ofSave(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private void audited(AuditEventType type, LabelSet s, String method, String detail) {
        audit.record(AuditEvent.of(type)
                .outcome(AuditOutcome.SUCCESS)
                .user(user())
                .roles(identity.getRoles().stream().sorted().toList())
                .study(s.studyUid)
                .http(method, "/api/v1/label-sets/" + s.id, 201)
                .detail(detail));
    }
}
