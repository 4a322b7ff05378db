package io.radflow.model.runtime;

import java.nio.file.Path;

/**
 * A model that was not loaded.
 *
 * @param modelId its folder name
 * @param directory its folder
 * @param field the manifest field (JSON path) or file at fault
 * @param message the full error, naming model and field
 */
public record LoadFailure(String modelId, Path directory, String field, String message) {}
