package io.radflow.model.runtime;

import ai.onnxruntime.OrtException;
import io.radflow.model.manifest.ManifestException;
import io.radflow.model.manifest.ManifestReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models of a models directory: each sub-folder holding a {@code manifest.json} or a {@code
 * model.onnx} is a model (others, such as {@code training/}, are ignored). A model that fails to
 * load is reported in {@link #failures()} and skipped; the others load.
 */
public final class ModelRepository implements AutoCloseable {
    private final Path directory;
    private final Map<String, LoadedModel> models;
    private final List<LoadFailure> failures;

    private ModelRepository(Path directory, Map<String, LoadedModel> models, List<LoadFailure> failures) {
        this.directory = directory;
        this.models = models;
        this.failures = List.copyOf(failures);
    }

    /** Loads every model folder of {@code directory}, in name order. */
    public static ModelRepository load(Path directory, RuntimeOptions options) throws IOException {
        ModelLoader loader = new ModelLoader(options);
        Map<String, LoadedModel> models = new LinkedHashMap<>();
        List<LoadFailure> failures = new ArrayList<>();
        for (Path dir : modelFolders(directory)) {
            String id = dir.getFileName().toString();
            try {
                LoadedModel m = loader.load(dir);
                models.put(m.id(), m);
            } catch (ManifestException e) {
                failures.add(new LoadFailure(id, dir, e.field(), e.getMessage()));
            }
        }
        return new ModelRepository(directory, models, failures);
    }

    /** The model folders of {@code directory}: sub-folders with a manifest or an ONNX file. */
    public static List<Path> modelFolders(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> Files.exists(d.resolve(ManifestReader.FILE_NAME))
                            || Files.exists(d.resolve(ModelLoader.ONNX_FILE)))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public Path directory() {
        return directory;
    }

    /** The loaded models, in folder name order. */
    public List<LoadedModel> models() {
        return List.copyOf(models.values());
    }

    public Optional<LoadedModel> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** The models that did not load, with the field at fault and why. */
    public List<LoadFailure> failures() {
        return failures;
    }

    @Override
    public void close() throws OrtException {
        OrtException first = null;
        for (LoadedModel m : models.values()) {
            try {
                m.close();
            } catch (OrtException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
