package io.radflow.inference.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An inference event waiting for the relay (written in the job's final transaction). */
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
