package io.radflow.labeling.labels;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One saved state of a label set: who, when, from which version, made how, with which segments. */
@Entity
@Table(name = "label_version")
@IdClass(LabelVersion.Key.class)
public class LabelVersion extends PanacheEntityBase {
    /** The primary key: label set and version number. */
    public static class Key implements Serializable {
        public Long labelSetId;
        public Integer version;

        public Key() {}

        public Key(Long labelSetId, Integer version) {
            this.labelSetId = labelSetId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(labelSetId, k.labelSetId) && Objects.equals(version, k.version);
        }

        @Override
        public int hashCode() {
            return Objects.hash(labelSetId, version);
        }
    }

    @Id
    @Column(name = "label_set_id")
    public Long labelSetId;

    @Id
    public Integer version;

    @Column(name = "parent_version")
    public Integer parentVersion;

    @Column(nullable = false)
    public String author;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** {@link LabelSource#id()}. */
    @Column(nullable = false)
    public String source;

    @Column(name = "source_detail")
    public String sourceDetail;

    public String comment;

    /** The segments, JSON ({@link SegmentDef} list). */
    @Column(nullable = false)
    public String segments;

    @Column(name = "changed_slices", nullable = false)
    public int changedSlices;

    @Column(name = "published_sop")
    public String publishedSop;

    @Column(name = "published_at")
    public Instant publishedAt;
}
