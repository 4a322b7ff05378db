package io.radflow.quantification.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One body-composition computation of a study: the queue entry and its outcome (V4__measurements.sql). */
@Entity
@Table(name = "measurement")
public class Measurement extends PanacheEntityBase {
    /** Status of a measurement. */
    public enum Status {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    @Id
    public UUID id;

    @Column(name = "study_uid", nullable = false)
    public String studyUid;

    /** inference, labels, anthropometrics, l3, recompute. */
    @Column(nullable = false)
    public String trigger;

    @Column(name = "trigger_key")
    public String triggerKey;

    /** The CT series; null until the SEG is read when no earlier measurement named it (V7). */
    @Column(name = "source_series_uid")
    public String sourceSeriesUid;

    @Column(name = "seg_series_uid", nullable = false)
    public String segSeriesUid;

    /** The SEG; null until read for a label SEG series announced by a study update (its latest instance). */
    @Column(name = "seg_sop_uid")
    public String segSopUid;

    @Column(name = "l3_sop_uid")
    public String l3SopUid;

    /** model or annotator. */
    @Column(name = "l3_source")
    public String l3Source;

    public boolean demo;

    /** Slices averaged around L3 (1: the L3 slice alone). */
    @Column(name = "slab_slices", nullable = false)
    public int slabSlices = 1;

    public String model;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;

    public String reason;

    public int attempts;

    @Column(name = "not_before", nullable = false)
    public Instant notBefore;

    public Integer version;

    /** The result, JSON. */
    public String result;

    public byte[] png;

    @Column(name = "sr_series_uid")
    public String srSeriesUid;

    @Column(name = "sr_sop_uid")
    public String srSopUid;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The study's measurements, newest first. */
    public static Uni<List<Measurement>> ofStudy(String study) {
        return find("studyUid = ?1 order by createdAt desc", study).list();
    }
}
