package io.radflow.labeling.labels;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One segment's mask on one source frame, as a version changed it (a null mask: cleared). A version's
 * content is, per (instance, frame, segment), the newest row at or below it.
 */
@Entity
@Table(name = "label_slice")
public class LabelSlice extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "label_set_id", nullable = false)
    public Long labelSetId;

    @Column(nullable = false)
    public int version;

    @Column(name = "sop_uid", nullable = false)
    public String sopUid;

    @Column(nullable = false)
    public int frame;

    @Column(nullable = false)
    public int segment;

    @Column(nullable = false)
    public int pixels;

    /** {@link MaskRle} runs, or null when the version cleared the mask. */
    public byte[] mask;
}
