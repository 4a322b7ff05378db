package io.radflow.labeling.labels;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A named selection of label sets exported together as a training set. */
@Entity
@Table(name = "training_set")
public class TrainingSet extends PanacheEntityBase {
    @Id
    public String name;

    /** JSON array of label set ids. */
    @Column(name = "label_set_ids", nullable = false)
    public String labelSetIds;

    /** JSON object: segment label → training label name, or null (the segments' own names). */
    @Column(name = "mask_values")
    public String maskValues;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
