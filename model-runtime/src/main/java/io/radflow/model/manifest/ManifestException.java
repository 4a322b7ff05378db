package io.radflow.model.manifest;

import java.util.List;

/**
 * A model that cannot be used, naming the model and the manifest field (a JSON path such as
 * {@code $.input.shape[2]}) or file at fault.
 */
public class ManifestException extends Exception {
    private final String modelId;
    private final String field;
    private final List<String> details;

    public ManifestException(String modelId, String field, String detail) {
        this(modelId, field, List.of(detail), null);
    }

    public ManifestException(String modelId, String field, String detail, Throwable cause) {
        this(modelId, field, List.of(detail), cause);
    }

    /** Several problems; the first names {@code field}. */
    public ManifestException(String modelId, String field, List<String> details, Throwable cause) {
        super(
                "model '" + modelId + "': " + field + ": " + details.getFirst()
                        + (details.size() > 1
                                ? " (and " + (details.size() - 1) + " more: " + details.subList(1, details.size()) + ")"
                                : ""),
                cause);
        this.modelId = modelId;
        this.field = field;
        this.details = List.copyOf(details);
    }

    /** The model's id (its folder name). */
    public String modelId() {
        return modelId;
    }

    /** The JSON path of the bad manifest field, or a file name ({@code model.onnx}). */
    public String field() {
        return field;
    }

    /** What is wrong, first the problem at {@link #field()}. */
    public List<String> details() {
        return details;
    }
}
