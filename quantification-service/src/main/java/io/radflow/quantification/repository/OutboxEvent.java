package io.radflow.quantification.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A quantification event waiting for the relay (written with the measurement's end). */
@Entity
@Table(name = "outbox")
public class OutboxEvent extends PanacheEntityBase {
    /** Also the CloudEvents id. */
    @Id
    public UUID id;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    /** The Kafka key: the StudyInstanceUID. */
    @Column(name = "event_key", nullable = false)
    public String eventKey;

    /** The payload, JSON. */
    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
