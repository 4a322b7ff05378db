package io.radflow.ingest.archive;

import io.radflow.ingest.config.IngestConfig;
import io.radflow.service.archive.ArchiveSettings;
import io.radflow.service.archive.S3Archive;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Creates the archive from configuration and removes staging left-overs of an earlier crash. */
@ApplicationScoped
public class ArchiveProducer {
    private static final Logger LOG = Logger.getLogger(ArchiveProducer.class);

    @Produces
    @ApplicationScoped
    ArchiveStore archive(IngestConfig config, ArchiveSettings settings) throws IOException {
        if (settings.type() == ArchiveSettings.Type.S3) {
            S3Archive bucket = S3Archive.open(settings.s3());
            Path staging = config.archive()
                    .staging()
                    .orElse(Path.of(System.getProperty("java.io.tmpdir"), "radflow-ingest-staging"));
            S3ArchiveStore store = new S3ArchiveStore(bucket, staging);
            int stale = store.removeStaleParts();
            LOG.infof("archive in %s, staging in %s; removed %d staging left-overs", bucket, staging, stale);
            return store;
        }
        FileSystemArchiveStore store = new FileSystemArchiveStore(
                config.archive().root(), config.archive().fsync());
        int stale = store.removeStaleParts();
        LOG.infof(
                "archive at %s (fsync %s); removed %d staging left-overs",
                store.root(), config.archive().fsync(), stale);
        return store;
    }
}
