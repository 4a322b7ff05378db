package io.radflow.labeling.labels;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A series' labels; its content is its versions' ({@link LabelVersion}, {@link LabelSlice}). */
@Entity
@Table(name = "label_set")
public class LabelSet extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "study_uid", nullable = false)
    public String studyUid;

    @Column(name = "series_uid", nullable = false)
    public String seriesUid;

    @Column(nullable = false)
    public String name;

    @Column(name = "image_rows", nullable = false)
    public int rows;

    @Column(name = "image_columns", nullable = false)
    public int columns;

    @Column(name = "first_slice")
    public Integer firstSlice;

    @Column(name = "last_slice")
    public Integer lastSlice;

    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The SEG (SOP Instance UID) this set was imported from, or null. */
    @Column(name = "imported_from")
    public String importedFrom;
}
