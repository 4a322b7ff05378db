package io.radflow.quantification.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.radflow.events.StudyEvents;
import io.radflow.quantification.compute.Anthropometrics;
import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.ImplausibleValueException;
import io.radflow.quantification.export.BodyCompositionXlsx;
import io.radflow.quantification.repository.Measurement;
import io.radflow.quantification.service.MeasurementRunner;
import io.radflow.quantification.service.MeasurementStore;
import io.radflow.service.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Body composition at L3 of a study: the latest result as JSON, spreadsheet and picture, every
 * measurement (versions) with its status; height and weight entered by a person, an annotator's L3
 * slice and a recomputation, each queueing a new measurement (202); the cohort spreadsheet.
 */
@Path("/api/v1")
public class BodyCompositionResource {

    @Inject
    MeasurementStore store;

    @Inject
    MeasurementRunner runner;

    @Inject
    SecurityIdentity identity;

    @Inject
    io.radflow.service.audit.AuditRecorder audit;

    /** One measurement as the API lists it. */
    public record MeasurementView(
            String id,
            Integer version,
            String trigger,
            String status,
            String reason,
            int attempts,
            String l3SopInstanceUID,
            String l3Source,
            String sourceSeriesInstanceUID,
            String segSeriesInstanceUID,
            String segSopInstanceUID,
            String model,
            int slabSlices,
            String srSeriesInstanceUID,
            String srSopInstanceUID,
            boolean demo,
            String requestedBy,
            Instant createdAt,
            Instant finishedAt) {
        static MeasurementView of(Measurement m) {
            return new MeasurementView(
                    m.id.toString(),
                    m.version,
                    m.trigger,
                    m.status.name(),
                    m.reason,
                    m.attempts,
                    m.l3SopUid,
                    m.l3Source,
                    m.sourceSeriesUid,
                    m.segSeriesUid,
                    m.segSopUid,
                    m.model,
                    m.slabSlices,
                    m.srSeriesUid,
                    m.srSopUid,
                    m.demo,
                    m.requestedBy,
                    m.createdAt,
                    m.finishedAt);
        }
    }

    /**
     * What {@code GET …/body-composition} answers: {@code result} is the result of measurement
     * {@code current} (its {@code measurementId}; {@code labels.seriesInstanceUid} the SEG series).
     */
    public record StudyView(
            String studyInstanceUID, JsonNode result, MeasurementView current, List<MeasurementView> measurements) {}

    /** Height (m) and/or weight (kg) a person enters. */
    public record Entry(Double heightM, Double weightKg) {}

    /**
     * An annotator's L3 slice, optionally the slices to average around it and the SEG series whose
     * labels to measure (absent: the latest measurement's SEG).
     */
    public record L3Pick(String sopInstanceUID, Integer slab, String segSeriesUID) {}

    /** The most slices a slab may average. */
    public static final int MAX_SLAB = 15;

    @GET
    @Path("/studies/{study}/body-composition")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public Uni<StudyView> get(@PathParam("study") String study, @QueryParam("measurement") String measurement) {
        return Measurement.ofStudy(study).map(list -> {
            if (list.isEmpty()) {
                throw notFound("no body-composition measurement of study " + study);
            }
            Measurement shown;
            if (measurement == null) {
                shown = latestSucceeded(list);
            } else {
                // one measurement's result (e.g. the one a client queued), null until it succeeded
                Measurement m = list.stream()
                        .filter(x -> x.id.toString().equals(measurement))
                        .findFirst()
                        .orElseThrow(() -> notFound("no measurement " + measurement + " of study " + study));
                shown = m.status == Measurement.Status.SUCCEEDED ? m : null;
            }
            return new StudyView(
                    study,
                    shown == null ? null : resultView(shown),
                    shown == null ? null : MeasurementView.of(shown),
                    list.stream().map(MeasurementView::of).toList());
        });
    }

    @GET
    @Path("/studies/{study}/body-composition.xlsx")
    @Produces(BodyCompositionXlsx.MEDIA_TYPE)
    @WithSession
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public Uni<Response> xlsx(@PathParam("study") String study) {
        return Measurement.ofStudy(study).map(list -> {
            Measurement m = requireSucceeded(study, list);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                BodyCompositionXlsx.study(result(m), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return attachment(out.toByteArray(), BodyCompositionXlsx.MEDIA_TYPE, "body-composition-" + study + ".xlsx");
        });
    }

    @GET
    @Path("/studies/{study}/body-composition.png")
    @Produces("image/png")
    @WithSession
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public Uni<Response> png(@PathParam("study") String study) {
        return Measurement.ofStudy(study).map(list -> Response.ok(requireSucceeded(study, list).png, "image/png")
                .build());
    }

    @GET
    @Path("/body-composition.xlsx")
    @Produces(BodyCompositionXlsx.MEDIA_TYPE)
    @WithSession
    @RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
    public Uni<Response> cohort(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant start = day(from, "from", Instant.EPOCH);
        Instant end = to == null ? Instant.now() : day(to, "to", null).plusSeconds(86_400);
        return Measurement.<Measurement>find(
                        "status = ?1 and finishedAt >= ?2 and finishedAt < ?3 order by studyUid, version desc",
                        Measurement.Status.SUCCEEDED,
                        start,
                        end)
                .list()
                .invoke(list -> audited(
                        io.radflow.service.audit.AuditEventType.EXPORT,
                        null,
                        "GET",
                        "body-composition cohort " + start + " to " + end + ": " + list.size() + " measurements"))
                .map(list -> {
                    // the latest version of each study
                    Map<String, BodyCompositionResult> latest = new LinkedHashMap<>();
                    for (Measurement m : list) {
                        latest.putIfAbsent(m.studyUid, result(m));
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try {
                        BodyCompositionXlsx.cohort(new ArrayList<>(latest.values()), out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return attachment(
                            out.toByteArray(), BodyCompositionXlsx.MEDIA_TYPE, "body-composition-cohort.xlsx");
                });
    }

    @PUT
    @Path("/studies/{study}/body-composition/anthropometrics")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.ADMIN})
    public Uni<Response> enter(@PathParam("study") String study, Entry entry) {
        if (entry == null || (entry.heightM() == null && entry.weightKg() == null)) {
            throw bad("give heightM (metres) and/or weightKg (kilograms)");
        }
        try {
            if (entry.heightM() != null) {
                Anthropometrics.checkHeight(entry.heightM());
            }
            if (entry.weightKg() != null) {
                Anthropometrics.checkWeight(entry.weightKg());
            }
        } catch (ImplausibleValueException e) {
            throw bad(e.getMessage());
        }
        String who = identity.getPrincipal().getName();
        String what = (entry.heightM() == null ? "" : "height " + entry.heightM() + " m ")
                + (entry.weightKg() == null ? "" : "weight " + entry.weightKg() + " kg ") + "entered";
        return store.enter(study, entry.heightM(), entry.weightKg(), who)
                .invoke(a -> audited(io.radflow.service.audit.AuditEventType.PATIENT_RECORD, study, "PUT", what))
                .chain(a -> store.enqueueAgain(study, "anthropometrics", null, null, null, who))
                .invoke(m -> runner.signal())
                .map(m -> Response.accepted(
                                m == null
                                        ? Map.of(
                                                "studyInstanceUID",
                                                study,
                                                "note",
                                                "kept; measured when the study's body-composition SEG arrives")
                                        : MeasurementView.of(m))
                        .build());
    }

    @PUT
    @Path("/studies/{study}/body-composition/l3")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.ADMIN})
    public Uni<Response> pickL3(@PathParam("study") String study, L3Pick pick) {
        if (pick == null
                || pick.sopInstanceUID() == null
                || pick.sopInstanceUID().isBlank()) {
            throw bad("give sopInstanceUID: the axial slice at L3");
        }
        uid("sopInstanceUID", pick.sopInstanceUID());
        Integer slab = slab(pick.slab());
        String seg = pick.segSeriesUID();
        if (seg != null) {
            uid("segSeriesUID", seg);
        }
        Uni<Response> queued = seg == null
                ? queue(study, "l3", pick.sopInstanceUID(), "annotator", slab)
                : store.enqueueSegAt(
                                study,
                                seg,
                                pick.sopInstanceUID(),
                                slab,
                                "l3",
                                identity.getPrincipal().getName())
                        .map(m -> {
                            runner.signal();
                            return Response.accepted(MeasurementView.of(m)).build();
                        });
        return queued.invoke(r -> audited(
                io.radflow.service.audit.AuditEventType.PATIENT_RECORD,
                study,
                "PUT",
                "L3 slice picked: " + pick.sopInstanceUID()
                        + (seg == null ? "" : ", measured on the labels of SEG series " + seg)));
    }

    /** 400 unless {@code value} is a DICOM UID (PS3.5 9.1). */
    private static void uid(String name, String value) {
        if (!io.radflow.dicom.data.UID.isValid(value)) {
            throw bad(name + " must be a DICOM UID (digits and dots, at most 64 characters), was '"
                    + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'");
        }
    }

    @POST
    @Path("/studies/{study}/body-composition/recompute")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.ADMIN})
    public Uni<Response> recompute(@PathParam("study") String study, @QueryParam("slab") Integer slab) {
        return queue(study, "recompute", null, null, slab(slab));
    }

    private static Integer slab(Integer slab) {
        if (slab != null && (slab < 1 || slab > MAX_SLAB || slab % 2 == 0)) {
            throw bad("slab must be an odd number of slices from 1 to " + MAX_SLAB + " (centred on L3), was " + slab);
        }
        return slab;
    }

    private Uni<Response> queue(String study, String trigger, String l3, String l3Source, Integer slab) {
        return store.enqueueAgain(
                        study,
                        trigger,
                        l3,
                        l3Source,
                        slab,
                        identity.getPrincipal().getName())
                .map(m -> {
                    if (m == null) {
                        throw notFound("study " + study + " has no body-composition SEG yet");
                    }
                    runner.signal();
                    return Response.accepted(MeasurementView.of(m)).build();
                });
    }

    private void audited(io.radflow.service.audit.AuditEventType type, String study, String method, String detail) {
        audit.record(io.radflow.service.audit.AuditEvent.of(type)
                .outcome(io.radflow.service.audit.AuditOutcome.SUCCESS)
                .user(identity.getPrincipal().getName())
                .roles(identity.getRoles().stream().sorted().toList())
                .study(study)
                .http(
                        method,
                        "/api/v1/"
                                + (study == null ? "body-composition.xlsx" : "studies/" + study + "/body-composition"),
                        200)
                .detail(detail));
    }

    private static Measurement latestSucceeded(List<Measurement> newestFirst) {
        return newestFirst.stream()
                .filter(m -> m.status == Measurement.Status.SUCCEEDED)
                .max(java.util.Comparator.comparingInt(m -> m.version))
                .orElse(null);
    }

    private static Measurement requireSucceeded(String study, List<Measurement> list) {
        Measurement m = latestSucceeded(list);
        if (m == null) {
            throw notFound("no completed body-composition measurement of study " + study);
        }
        return m;
    }

    /** The stored result with the measurement it came from and its SEG series. */
    private static JsonNode resultView(Measurement m) {
        JsonNode r = tree(m.result);
        if (r instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.put("measurementId", m.id.toString());
            if (o.get("labels") instanceof com.fasterxml.jackson.databind.node.ObjectNode labels) {
                labels.put("seriesInstanceUid", m.segSeriesUid);
            }
        }
        return r;
    }

    private static JsonNode tree(String json) {
        try {
            return StudyEvents.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BodyCompositionResult result(Measurement m) {
        try {
            return StudyEvents.mapper().readValue(m.result, BodyCompositionResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant day(String s, String name, Instant dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw bad(name + " must be a date (YYYY-MM-DD), was " + s);
        }
    }

    private static BadRequestException bad(String message) {
        return new BadRequestException(error(400, message));
    }

    private static NotFoundException notFound(String message) {
        return new NotFoundException(error(404, message));
    }

    private static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
    }

    private static Response attachment(byte[] body, String type, String name) {
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }
}
