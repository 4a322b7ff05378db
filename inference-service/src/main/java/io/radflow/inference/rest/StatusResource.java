package io.radflow.inference.rest;

import io.agroal.api.AgroalDataSource;
import io.radflow.inference.config.InferenceConfig;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/** {@code GET /api/v1/status}: the pipeline configuration and what this service has processed. */
@Path("/api/v1/status")
public class StatusResource {
    /** What {@link #status()} answers. */
    public record Status(
            String service,
            String executionProvider,
            String modelDir,
            List<String> models,
            String studyEventsTopic,
            long processedEvents) {}

    @Inject
    InferenceConfig config;

    @Inject
    AgroalDataSource dataSource;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public Status status() throws SQLException, IOException {
        return new Status(
                "inference-service",
                config.executionProvider(),
                config.modelDir(),
                models(),
                config.studyEventsTopic(),
                processedEvents());
    }

    private List<String> models() throws IOException {
        var dir = Paths.get(config.modelDir());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("manifest.json")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        }
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
