package io.radflow.quantification.rest;

import io.agroal.api.AgroalDataSource;
import io.radflow.quantification.config.QuantificationConfig;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** {@code GET /api/v1/status}: the measurement configuration and what this service has processed. */
@Path("/api/v1/status")
public class StatusResource {
    /** A tissue's HU window. */
    public record HuRange(int min, int max) {}

    /** What {@link #status()} answers. */
    public record Status(
            String service,
            String l3Selection,
            HuRange muscle,
            HuRange adipose,
            String inferenceEventsTopic,
            long processedEvents) {}

    @Inject
    QuantificationConfig config;

    @Inject
    AgroalDataSource dataSource;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public Status status() throws SQLException {
        return new Status(
                "quantification-service",
                config.l3Selection(),
                new HuRange(config.muscleMinHu(), config.muscleMaxHu()),
                new HuRange(config.fatMinHu(), config.fatMaxHu()),
                config.inferenceEventsTopic(),
                processedEvents());
    }

    private long processedEvents() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM processed_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
