package io.radflow.labeling.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.radflow.testsupport.DevStackResource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The real PostgreSQL and Kafka of {@link DevStackResource}, plus ingest's schema created by
 * ingest-service's own Flyway migrations (its read contract, {@code docs/archive-index.md}), and a
 * test archive folder. {@link IndexFixture} fills the index the way ingest does. STOW-RS is forwarded
 * to {@link IngestStowStub}, which also issues the service's client-credentials tokens.
 */
public class IngestIndexResource implements QuarkusTestResourceLifecycleManager {
    private final DevStackResource devStack = new DevStackResource();

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new HashMap<>(devStack.start());
        migrate();
        props.put("radflow.dicomweb.archive-root", IndexFixture.archiveRoot().toString());
        // STOW-RS goes to the loopback stand-in for ingest, whose token endpoint also serves ServiceTokens
        IngestStowStub.get();
        props.put("radflow.dicomweb.ingest-url", IngestStowStub.url());
        props.put("quarkus.oidc-client.auth-server-url", IngestStowStub.issuer());
        props.put("quarkus.oidc-client.credentials.secret", IngestStowStub.CLIENT_SECRET);
        return props;
    }

    /** Creates or updates schema {@code ingest} with ingest-service's migrations. */
    static synchronized void migrate() {
        if (migrated) {
            return;
        }
        DevStackResource.ensureStarted();
        Path root = Path.of(System.getProperty("radflow.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path migrations = root.resolve("ingest-service/src/main/resources/db/migration");
        Flyway.configure()
                .dataSource(IndexFixture.jdbcUrl(), "postgres", "")
                .schemas("ingest")
                .defaultSchema("ingest")
                .locations("filesystem:" + migrations)
                .load()
                .migrate();
        migrated = true;
    }

    private static boolean migrated;

    @Override
    public void stop() {
        IngestStowStub.stop();
        devStack.stop();
    }
}
