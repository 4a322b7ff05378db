package io.radflow.inference.service;

import io.radflow.dicom.data.Attributes;
import io.radflow.inference.pipeline.PipelineException;
import java.util.List;

/** Where a job reads its series: a DICOMweb archive (WADO-RS). */
public interface ImageSource {
    /**
     * A series' images with pixel data.
     *
     * @param images sorted by position along the normal (instance order for images without geometry)
     * @param transferSyntaxes each image's transfer syntax
     */
    record Series(List<Attributes> images, List<String> transferSyntaxes) {}

    /** Reads a series; a retryable {@link PipelineException} when the archive cannot be reached. */
    Series load(String studyUid, String seriesUid) throws PipelineException;
}
