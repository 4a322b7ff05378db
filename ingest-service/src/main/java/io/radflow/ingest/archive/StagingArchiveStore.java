package io.radflow.ingest.archive;

import java.io.IOException;
import java.nio.file.Path;

/** An archive store that stages each instance in a local file of its own {@link StagingArea} first. */
abstract class StagingArchiveStore implements ArchiveStore {
    /** This store's staging area. */
    protected final StagingArea staging;

    StagingArchiveStore(Path incoming) throws IOException {
        this.staging = new StagingArea(incoming);
    }

    /** This store's staging folder. */
    Path staging() {
        return staging.folder();
    }

    /** Removes the staging left-overs of stores that no longer run ({@link StagingArea#removeStaleParts()}). */
    public int removeStaleParts() throws IOException {
        return staging.removeStaleParts();
    }
}
