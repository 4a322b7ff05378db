package io.radflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every Radflow service must show about its infrastructure, inherited by one {@code @QuarkusTest}
 * per service: its own schema migrated by Flyway in the real PostgreSQL, readiness that covers PostgreSQL
 * and Kafka and really goes DOWN when the broker stops and UP when it returns, Prometheus metrics.
 */
public abstract class InfrastructureContract {
    @Inject
    AgroalDataSource dataSource;

    /** The PostgreSQL schema this service owns. */
    protected abstract String schema();

    @Test
    void flywayMigratedTheServiceSchema() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM " + schema() + ".flyway_schema_history WHERE success")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("applied migrations").isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void readinessFollowsTheKafkaBroker() throws Exception {
        awaitReady(200, "UP");
        given().when()
                .get("/q/health/ready")
                .then()
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));

        DevStackResource.kafka().close();
        try {
            awaitReady(503, "DOWN");
        } finally {
            DevStackResource.kafka().start();
        }
        awaitReady(200, "UP");
    }

    @Test
    void readinessFollowsPostgres() throws Exception {
        awaitReady(200, "UP");
        DevStackResource.postgres().close();
        try {
            awaitReady(503, "DOWN");
        } finally {
            DevStackResource.postgres().start();
        }
        awaitReady(200, "UP");
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
    }

    private static void awaitReady(int status, String state) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(status)
                        .body("status", equalTo(state)));
    }
}
