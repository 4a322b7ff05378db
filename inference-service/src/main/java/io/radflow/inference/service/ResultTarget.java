package io.radflow.inference.service;

import io.radflow.dicom.data.Attributes;
import io.radflow.inference.pipeline.PipelineException;
import java.util.List;

/** Where results go: STOW-RS to ingest (or another archive). */
public interface ResultTarget {
    /** Stores the objects; an instance the archive already holds counts as stored. */
    void store(List<Attributes> objects) throws PipelineException;
}
