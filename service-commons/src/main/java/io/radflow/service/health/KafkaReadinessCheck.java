package io.radflow.service.health;

import io.radflow.service.messaging.KafkaClientSecurity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Kafka connection: the broker must describe its cluster within
 * {@code radflow.kafka.health-timeout} (default 3 s). Quarkus' own check waits for the client's default
 * API timeout (60 s), far too long for a readiness probe, so services disable it and use this one.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
    static final String NAME = "Kafka connection health check";

    private final Admin admin;
    private final Duration timeout;

    KafkaReadinessCheck(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "radflow.kafka.health-timeout", defaultValue = "3S") Duration timeout) {
        this.timeout = timeout;
        int ms = (int) timeout.toMillis();
        Properties p = KafkaClientSecurity.properties(bootstrapServers);
        p.putAll(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG,
                "radflow-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                ms,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                1000));
        this.admin = Admin.create(p);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            String list = nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","));
            return HealthCheckResponse.named(NAME)
                    .status(!nodes.isEmpty())
                    .withData("nodes", list)
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named(NAME)
                    .down()
                    .withData("reason", String.valueOf(e.getMessage()))
                    .build();
        }
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
