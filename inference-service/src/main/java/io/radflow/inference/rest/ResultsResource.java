package io.radflow.inference.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.radflow.events.StudyEvents;
import io.radflow.inference.repository.Job;
import io.radflow.inference.repository.JobStatus;
import io.radflow.inference.service.JobRunner;
import io.radflow.inference.service.JobStore;
import io.radflow.inference.service.ModelRegistry;
import io.radflow.service.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/studies/{study}/results}: the study's jobs (pipeline, model, status or the
 * reason it failed or was skipped, result series and instances, summary, timings);
 * {@code POST /api/v1/studies/{study}/pipelines/{pipeline}}: runs a pipeline again on the study's
 * latest version (radiologist, admin): 202 with the new job.
 */
@Path("/api/v1/studies/{study}")
@Produces(MediaType.APPLICATION_JSON)
public class ResultsResource {
    /** A job as the API shows it. */
    public record JobView(
            String id,
            String pipeline,
            String modelId,
            String modelVersion,
            int studyVersion,
            String seriesInstanceUID,
            JobStatus status,
            String reason,
            int attempts,
            String resultSeriesInstanceUID,
            List<Map<String, String>> resultInstances,
            Map<String, Object> summary,
            Map<String, Long> timingsMs,
            String executionProvider,
            Instant createdAt,
            Instant finishedAt) {
        static JobView of(Job j) {
            return new JobView(
                    j.id.toString(),
                    j.pipeline,
                    j.modelId,
                    j.modelVersion,
                    j.studyVersion,
                    j.seriesUid,
                    j.status,
                    j.reason,
                    j.attempts,
                    j.resultSeriesUid,
                    instances(j.resultInstances),
                    read(j.summary, new TypeReference<Map<String, Object>>() {}),
                    read(j.timings, new TypeReference<Map<String, Long>>() {}),
                    j.executionProvider,
                    j.createdAt,
                    j.finishedAt);
        }

        private static List<Map<String, String>> instances(String s) {
            if (s == null || s.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(s.split(","))
                    .map(x -> x.split("/", 2))
                    .map(x -> Map.of("sopClassUID", x[0], "sopInstanceUID", x[1]))
                    .toList();
        }

        private static <T> T read(String json, TypeReference<T> type) {
            if (json == null) {
                return null;
            }
            try {
                return StudyEvents.mapper().readValue(json, type);
            } catch (Exception e) {
                return null;
            }
        }
    }

    @Inject
    JobStore store;

    @Inject
    ModelRegistry models;

    @Inject
    JobRunner runner;

    @GET
    @Path("/results")
    @WithSession
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public Uni<List<JobView>> results(@PathParam("study") String study) {
        return Job.ofStudy(study).map(list -> list.stream().map(JobView::of).toList());
    }

    @POST
    @Path("/pipelines/{pipeline}")
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ADMIN})
    public Uni<Response> rerun(@PathParam("study") String study, @PathParam("pipeline") String pipeline) {
        if (models.model(pipeline).isEmpty()) {
            throw new NotFoundException("no pipeline " + pipeline + " is loaded");
        }
        return Job.ofStudy(study)
                .chain(jobs -> {
                    Job template = jobs.stream()
                            .filter(j -> pipeline.equals(j.pipeline) && j.seriesUid != null)
                            .max(java.util.Comparator.comparingInt((Job j) -> j.studyVersion)
                                    .thenComparing(j -> j.createdAt))
                            .orElseThrow(() -> new NotFoundException("pipeline " + pipeline + " has not run on study "
                                    + study + ": nothing to run again"));
                    template.modelVersion =
                            models.model(pipeline).get().manifest().version();
                    return store.rerun(template, pipeline);
                })
                .invoke(j -> runner.signal())
                .map(j -> Response.accepted(JobView.of(j)).build());
    }
}
