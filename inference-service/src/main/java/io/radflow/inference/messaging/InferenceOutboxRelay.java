package io.radflow.inference.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.events.CloudEventHeaders;
import io.radflow.events.EventType;
import io.radflow.events.InferenceEvents;
import io.radflow.inference.config.InferenceConfig;
import io.radflow.inference.repository.OutboxEvent;
import io.radflow.inference.service.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox's inference events to {@value InferenceEvents#TOPIC} (key StudyInstanceUID,
 * CloudEvents binary headers, the outbox id as ce_id), oldest first, and marks them published. Kafka
 * down: the events wait in PostgreSQL, nothing is lost; a consumer may see an event twice after a
 * crash between send and mark, and recognises it by its ce_id.
 */
@ApplicationScoped
public class InferenceOutboxRelay {
    private static final Logger LOG = Logger.getLogger(InferenceOutboxRelay.class);

    @Inject
    JobStore store;

    @Inject
    InferenceConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final Object signal = new Object();
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;

    void start(@Observes StartupEvent e) {
        if (!config.workersEnabled()) {
            return;
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "inference-outbox-relay");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        running = true;
        thread = new Thread(this::loop, "inference-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        signal();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** Wakes the relay (an event was written). */
    public void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            int sent = 0;
            try {
                sent = publishBatch();
            } catch (Exception ex) {
                LOG.warnf("inference events wait in the outbox: %s", ex.getMessage());
                pause(2000);
                continue;
            }
            if (sent == 0) {
                pause(500);
            }
        }
    }

    /** Publishes up to 100 events; returns how many. */
    int publishBatch() throws Exception {
        List<OutboxEvent> batch = store.unpublished(100);
        if (batch.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (OutboxEvent o : batch) {
            ProducerRecord<String, byte[]> r =
                    new ProducerRecord<>(InferenceEvents.TOPIC, o.eventKey, o.payload.getBytes(StandardCharsets.UTF_8));
            new CloudEventHeaders(
                            o.id.toString(), EventType.of(o.eventType), InferenceEvents.SOURCE, o.eventKey, o.createdAt)
                    .writeTo(r.headers());
            futures.add(producer.send(r));
        }
        List<UUID> done = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            futures.get(i).get(30, TimeUnit.SECONDS);
            done.add(batch.get(i).id);
        }
        store.published(done);
        return done.size();
    }

    private void pause(long ms) {
        synchronized (signal) {
            try {
                signal.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
