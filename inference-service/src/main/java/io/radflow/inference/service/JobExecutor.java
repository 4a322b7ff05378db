package io.radflow.inference.service;

import io.radflow.dicom.data.Tag;
import io.radflow.events.InferenceEvent;
import io.radflow.inference.pipeline.PipelineException;
import io.radflow.inference.pipeline.PipelineInput;
import io.radflow.inference.pipeline.PipelineOutput;
import io.radflow.inference.pipeline.Pipelines;
import io.radflow.inference.pipeline.Timings;
import io.radflow.inference.repository.Job;
import io.radflow.model.runtime.LoadedModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One job from fetch to store: fetch the series, run the pipeline (preprocess, run, post-process,
 * encode), store the results; the outcome for the job's final transaction.
 */
public final class JobExecutor {
    /** The end of a job: its event and summary. */
    public record Outcome(InferenceEvent event, Map<String, Object> summary) {}

    private final ModelRegistry models;
    private final ImageSource source;
    private final ResultTarget target;

    public JobExecutor(ModelRegistry models, ImageSource source, ResultTarget target) {
        this.models = models;
        this.source = source;
        this.target = target;
    }

    /** Runs the job; a {@link PipelineException} says why it failed and whether to retry. */
    public Outcome run(Job job) throws PipelineException {
        LoadedModel model = models.model(job.modelId)
                .orElseThrow(() -> PipelineException.permanent("model " + job.modelId + " is not loaded"));
        if (!model.manifest().version().equals(job.modelVersion)) {
            throw PipelineException.permanent("model " + job.modelId + " is now version "
                    + model.manifest().version() + ", the job was for " + job.modelVersion
                    + ": run it again through the API");
        }
        Timings timings = new Timings();
        ImageSource.Series series = source.load(job.studyUid, job.seriesUid);
        if (series.images().isEmpty()) {
            throw PipelineException.permanent("series " + job.seriesUid + " has no images");
        }
        int min = model.manifest().applicability().minSlices();
        if (series.images().size() < min) {
            throw PipelineException.permanent("series " + job.seriesUid + " has "
                    + series.images().size() + " images; " + model.id() + " needs at least " + min);
        }
        PipelineOutput out = Pipelines.of(model.manifest())
                .run(new PipelineInput(job.jobKey, model, series.images(), series.transferSyntaxes()), timings);
        target.store(out.objects());
        timings.lap("store");
        String resultSeries =
                out.objects().isEmpty() ? null : out.objects().get(0).getString(Tag.SeriesInstanceUID);
        List<InferenceEvent.ResultInstance> instances = out.objects().stream()
                .map(a -> new InferenceEvent.ResultInstance(
                        a.getString(Tag.SOPClassUID), a.getString(Tag.SOPInstanceUID)))
                .toList();
        return new Outcome(
                event(job, model, resultSeries, instances, out.summary(), null, timings.asMap()), out.summary());
    }

    /** The event of a job that ended (reason null: completed). */
    public static InferenceEvent event(
            Job job,
            LoadedModel model,
            String resultSeries,
            List<InferenceEvent.ResultInstance> instances,
            Map<String, Object> summary,
            String reason,
            Map<String, Long> timings) {
        return new InferenceEvent(
                job.studyUid,
                job.studyVersion,
                job.id.toString(),
                job.pipeline,
                job.modelId,
                job.modelVersion,
                model != null && model.manifest().demo(),
                job.seriesUid,
                resultSeries,
                instances,
                summary,
                reason,
                timings,
                model == null ? null : model.provider().name(),
                Instant.now());
    }
}
