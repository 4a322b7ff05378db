package io.radflow.inference.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An inference job: one pipeline (model) on one series of a study, or the record that no pipeline
 * applied to a study version. Its key names the input — study, pipeline, model version, series and
 * the series' number of images — not the study version: a study updated by late images of the series
 * runs again, a study updated only by derived objects (Radflow's own results stored back, a SEG, a
 * report) does not, and a replayed event is a no-op.
 */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "job_key", nullable = false, unique = true)
    public String jobKey;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "study_uid", nullable = false)
    public String studyUid;

    @Column(name = "study_version", nullable = false)
    public int studyVersion;

    @Column(nullable = false)
    public String pipeline;

    @Column(name = "model_id")
    public String modelId;

    @Column(name = "model_version")
    public String modelVersion;

    @Column(name = "series_uid")
    public String seriesUid;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;

    public String reason;

    public int attempts;

    @Column(name = "not_before", nullable = false)
    public Instant notBefore;

    @Column(name = "result_series_uid")
    public String resultSeriesUid;

    /** SOP Class UID + "/" + SOP Instance UID of each stored result, comma separated. */
    @Column(name = "result_instances")
    public String resultInstances;

    /** JSON object: the pipeline's summary. */
    public String summary;

    /** JSON object: milliseconds per stage. */
    public String timings;

    @Column(name = "execution_provider")
    public String executionProvider;

    @Column(name = "retrieve_url")
    public String retrieveUrl;

    /** The instance that runs (or last ran) it: host name and process id. */
    public String owner;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The key of a pipeline run: study, pipeline, model version, series and its number of images. */
    public static String key(String study, String pipeline, String modelVersion, String series, int images) {
        return study + "/" + pipeline + "@" + modelVersion + "/" + series + "/" + images;
    }

    /** The job of a key, or null. */
    public static Uni<Job> byKey(String key) {
        return find("jobKey", key).firstResult();
    }

    /** A study's jobs, newest first. */
    public static Uni<List<Job>> ofStudy(String study) {
        return list("studyUid = ?1 order by createdAt desc, pipeline", study);
    }

    /** Number of jobs waiting or running (for back-pressure). */
    public static Uni<Long> pending() {
        return count("status in ?1", List.of(JobStatus.QUEUED, JobStatus.RUNNING));
    }
}
