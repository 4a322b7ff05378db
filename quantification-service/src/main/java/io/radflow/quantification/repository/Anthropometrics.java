package io.radflow.quantification.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Height and weight a person entered for a study, with who and when (the latest one counts). */
@Entity
@Table(name = "anthropometrics")
public class Anthropometrics extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "study_uid", nullable = false)
    public String studyUid;

    @Column(name = "height_m")
    public Double heightM;

    @Column(name = "weight_kg")
    public Double weightKg;

    @Column(name = "entered_by", nullable = false)
    public String enteredBy;

    @Column(name = "entered_at", nullable = false)
    public Instant enteredAt;
}
