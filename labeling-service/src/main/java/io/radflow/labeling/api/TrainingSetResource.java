package io.radflow.labeling.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.radflow.labeling.export.TrainingSetExport;
import io.radflow.labeling.labels.LabelStore;
import io.radflow.labeling.labels.TrainingSet;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditEventType;
import io.radflow.service.audit.AuditOutcome;
import io.radflow.service.audit.AuditRecorder;
import io.radflow.service.reactive.Blocking;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Training sets under {@code /api/v1/training-sets} (researcher, admin): a named selection of label
 * sets ({@code PUT}), and its export as a ZIP in the models' training-set format ({@code GET
 * {name}.zip}), de-identified: no patient name or ID leaves, UIDs are pseudonyms. Exports are audited.
 */
@Path("/api/v1/training-sets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
public class TrainingSetResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "[A-Za-z0-9_-]{1,64}";

    private final LabelStore store;
    private final TrainingSetExport export;
    private final SecurityIdentity identity;
    private final AuditRecorder audit;

    public TrainingSetResource(
            LabelStore store, TrainingSetExport export, SecurityIdentity identity, AuditRecorder audit) {
        this.store = store;
        this.export = export;
        this.identity = identity;
        this.audit = audit;
    }

    /**
     * A training set's definition.
     *
     * @param name its name (letters, digits, - and _)
     * @param labelSets the label sets, each with a pinned version or none (the current one when exported)
     * @param labelMap segment label → training label name, overriding the known labels' names
     * @param createdBy who defined it
     * @param createdAt when
     */
    public record Definition(
            String name,
            List<TrainingSetExport.Selected> labelSets,
            Map<String, String> labelMap,
            String createdBy,
            Instant createdAt) {}

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response define(@PathParam("name") String name, Definition d) {
        checkName(name);
        if (d == null || d.labelSets() == null || d.labelSets().isEmpty()) {
            throw ApiException.badRequest("labelSets: at least one label set");
        }
        for (TrainingSetExport.Selected s : d.labelSets()) {
            var set = store.set(s.id());
            if (s.version() != null) {
                store.version(set.id, s.version());
            }
        }
        TrainingSet t = new TrainingSet();
        t.name = name;
        t.labelSetIds = json(d.labelSets());
        t.maskValues = d.labelMap() == null ? null : json(d.labelMap());
        t.createdBy = identity.getPrincipal().getName();
        t.createdAt = Instant.now();
        boolean existed = Blocking.await(() -> Panache.withTransaction(() -> TrainingSet.<TrainingSet>findById(name)
                .chain(old -> old == null
                        ? t.persist().replaceWith(false)
                        : Panache.getSession().chain(s -> s.merge(t)).replaceWith(true))));
        audit.record(AuditEvent.of(AuditEventType.LABELS_CHANGED)
                .outcome(AuditOutcome.SUCCESS)
                .user(t.createdBy)
                .roles(identity.getRoles().stream().sorted().toList())
                .http("PUT", "/api/v1/training-sets/" + name, existed ? 200 : 201)
                .detail("training set " + name + (existed ? " redefined: " : " defined: ") + t.labelSetIds));
        return Response.status(existed ? 200 : 201).entity(view(t)).build();
    }

    @GET
    public List<Definition> list() {
        return Blocking.await(() -> Panache.withSession(
                        () -> TrainingSet.<TrainingSet>find("order by name").list()))
                .stream()
                .map(TrainingSetResource::view)
                .toList();
    }

    @GET
    @Path("{name: [A-Za-z0-9_-]{1,64}}")
    public Definition get(@PathParam("name") String name) {
        return view(find(name));
    }

    /** The training set as a ZIP (dataset.json, de-identified images, PNG masks). */
    @GET
    @Path("{name: [A-Za-z0-9_-]{1,64}}.zip")
    @Produces("application/zip")
    public Response zip(@PathParam("name") String name) {
        TrainingSet t = find(name);
        Definition d = view(t);
        String user = identity.getPrincipal().getName();
        List<String> roles = identity.getRoles().stream().sorted().toList();
        StreamingOutput body = out -> {
            TrainingSetExport.Summary s = export.write(out, name, d.labelSets(), d.labelMap());
            audit.record(AuditEvent.of(AuditEventType.EXPORT)
                    .outcome(AuditOutcome.SUCCESS)
                    .user(user)
                    .roles(roles)
                    .http("GET", "/api/v1/training-sets/" + name + ".zip", 200)
                    .detail("training set " + name + ": " + s.items() + " images from " + s.labelSets()
                            + " label sets, de-identified"
                            + (s.skipped().isEmpty() ? "" : ", skipped " + s.skipped())));
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + name + ".zip\"")
                .build();
    }

    private static TrainingSet find(String name) {
        checkName(name);
        TrainingSet t = Blocking.await(() -> Panache.withSession(() -> TrainingSet.<TrainingSet>findById(name)));
        if (t == null) {
            throw ApiException.notFound("training set " + name);
        }
        return t;
    }

    private static void checkName(String name) {
        if (name == null || !name.matches(NAME)) {
            throw ApiException.badRequest("training set name must be 1..64 of A-Z a-z 0-9 - _");
        }
    }

    private static Definition view(TrainingSet t) {
        try {
            return new Definition(
                    t.name,
                    JSON.readValue(t.labelSetIds, new TypeReference<List<TrainingSetExport.Selected>>() {}),
                    t.maskValues == null
                            ? Map.of()
                            : JSON.readValue(t.maskValues, new TypeReference<Map<String, String>>() {}),
                    t.createdBy,
                    t.createdAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("training set " + t.name + ": " + e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
