package io.radflow.inference.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.radflow.inference.config.InferenceConfig;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.runtime.LoadFailure;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The models of the configured folder, loaded once at start: each validated, its ONNX session
 * opened (CUDA tried when configured or when {@code auto}, falling back to CPU with the reason
 * logged), bad ones reported and skipped.
 */
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    @Inject
    InferenceConfig config;

    private volatile ModelRepository repository;
    private volatile String loadError;

    void start(@Observes @jakarta.annotation.Priority(10) StartupEvent e) { // before the workers and the consumer
        load();
    }

    void stop(@Observes ShutdownEvent e) {
        ModelRepository r = repository;
        if (r != null) {
            try {
                r.close();
            } catch (Exception ex) {
                LOG.warnf("closing the model sessions: %s", ex.getMessage());
            }
        }
    }

    synchronized void load() {
        Path dir = Path.of(config.modelDir()).toAbsolutePath().normalize();
        RuntimeOptions options = RuntimeOptions.defaults();
        if (config.intraOpThreads() > 0) {
            options = options.withIntraOpThreads(config.intraOpThreads());
        }
        String provider = config.executionProvider().toLowerCase(Locale.ROOT);
        if (provider.equals("cuda") || provider.equals("auto")) {
            options = options.withCuda(0);
        }
        if (!Files.isDirectory(dir)) {
            loadError = "model folder " + dir + " does not exist";
            LOG.errorf("%s: no pipeline can run", loadError);
            return;
        }
        try {
            repository = ModelRepository.load(dir, options);
            loadError = null;
        } catch (IOException ex) {
            loadError = "model folder " + dir + ": " + ex.getMessage();
            LOG.errorf("%s", loadError);
            return;
        }
        for (LoadedModel m : repository.models()) {
            LOG.infof(
                    "model %s %s loaded (%s%s)%s",
                    m.id(),
                    m.manifest().version(),
                    m.provider().name(),
                    m.provider().reason() == null ? "" : ": " + m.provider().reason(),
                    m.manifest().demo() ? " — demo model, not for clinical use" : "");
        }
        for (LoadFailure f : repository.failures()) {
            LOG.errorf("model %s not loaded: %s", f.modelId(), f.message());
        }
    }

    /** The loaded models. */
    public List<LoadedModel> models() {
        ModelRepository r = repository;
        return r == null ? List.of() : r.models();
    }

    /** Their manifests. */
    public List<ModelManifest> manifests() {
        return models().stream().map(LoadedModel::manifest).toList();
    }

    /** A loaded model by id. */
    public Optional<LoadedModel> model(String id) {
        ModelRepository r = repository;
        return r == null ? Optional.empty() : r.model(id);
    }

    /** Models that did not load, with the reason. */
    public List<LoadFailure> failures() {
        ModelRepository r = repository;
        return r == null ? List.of() : r.failures();
    }

    /** Why the folder could not be read, or null. */
    public String loadError() {
        return loadError;
    }
}
