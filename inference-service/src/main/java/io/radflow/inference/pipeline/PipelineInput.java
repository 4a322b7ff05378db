package io.radflow.inference.pipeline;

import io.radflow.dicom.data.Attributes;
import io.radflow.model.runtime.LoadedModel;
import java.util.List;

/**
 * What a pipeline works on.
 *
 * @param jobKey the job's key (result UIDs derive from it, so a re-run makes the same instances)
 * @param model the model
 * @param images the series' images with pixel data, sorted by position along the normal (or in
 *     instance order for images without geometry)
 * @param transferSyntaxes each image's transfer syntax
 */
public record PipelineInput(String jobKey, LoadedModel model, List<Attributes> images, List<String> transferSyntaxes) {
    public PipelineInput {
        images = List.copyOf(images);
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (images.size() != transferSyntaxes.size()) {
            throw new IllegalArgumentException(
                    images.size() + " images, " + transferSyntaxes.size() + " transfer syntaxes");
        }
    }
}
