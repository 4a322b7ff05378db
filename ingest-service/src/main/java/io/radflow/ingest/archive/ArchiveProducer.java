package io.radflow.ingest.archive;

import io.radflow.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import org.jboss.logging.Logger;

/** Creates the archive from configuration and removes staging left-overs of an earlier crash. */
@ApplicationScoped
public class ArchiveProducer {
    private static final Logger LOG = Logger.getLogger(ArchiveProducer.class);

    @Produces
    @ApplicationScoped
    ArchiveStore archive(IngestConfig config) throws IOException {
        FileSystemArchiveStore store = new FileSystemArchiveStore(
                config.archive().root(), config.archive().fsync());
        int stale = store.removeStaleParts();
        LOG.infof(
                "archive at %s (fsync %s); removed %d staging left-overs",
                store.root(), config.archive().fsync(), stale);
        return store;
    }
}
