package io.radflow.inference.rest;

import io.radflow.inference.service.ModelRegistry;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/models}: the loaded models (id, version, task, whether it is a demo and its
 * disclaimer, execution provider and why, the card's metrics) and the ones that failed to load.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
    /** A loaded model. */
    public record ModelView(
            String id,
            String version,
            String name,
            String task,
            boolean demo,
            String disclaimer,
            String executionProvider,
            String executionProviderReason,
            List<String> modalities,
            List<String> bodyParts,
            Map<String, Double> metrics,
            String metricsEvaluatedOn) {
        static ModelView of(LoadedModel m) {
            var mf = m.manifest();
            return new ModelView(
                    mf.id(),
                    mf.version(),
                    mf.name(),
                    mf.task().name().toLowerCase(java.util.Locale.ROOT),
                    mf.demo(),
                    mf.disclaimer(),
                    m.provider().name(),
                    m.provider().reason(),
                    mf.applicability().modalities(),
                    mf.applicability().bodyParts(),
                    mf.metrics() == null ? Map.of() : mf.metrics().values(),
                    mf.metrics() == null ? null : mf.metrics().evaluatedOn());
        }
    }

    /** A model that did not load. */
    public record FailureView(String id, String field, String message) {}

    /** The answer. */
    public record Models(List<ModelView> models, List<FailureView> failures, String folderError) {}

    @Inject
    ModelRegistry registry;

    @GET
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public Models models() {
        return new Models(
                registry.models().stream().map(ModelView::of).toList(),
                registry.failures().stream()
                        .map(f -> new FailureView(f.modelId(), f.field(), f.message()))
                        .toList(),
                registry.loadError());
    }
}
