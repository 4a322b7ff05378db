package io.radflow.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.model.manifest.ManifestReader;
import io.radflow.model.manifest.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every model committed under the repository's {@code models/} folder: its manifest validates
 * against {@code models/manifest.schema.json}, its ONNX graph agrees with the manifest, and a demo
 * model's card says it is not for clinical use. Passes when there are none yet.
 */
class RepositoryModelsTest {
    static Path modelsDir() {
        String root = System.getProperty("radflow.root");
        Path base = root != null ? Path.of(root) : Path.of("..");
        return base.resolve("models");
    }

    @Test
    void schemaIsInTheRepository() {
        assertThat(modelsDir().resolve("manifest.schema.json")).isRegularFile();
    }

    @Test
    void everyCommittedModelLoads() throws Exception {
        List<Path> folders = ModelRepository.modelFolders(modelsDir());
        for (Path dir : folders) {
            ModelManifest m = ManifestReader.read(dir);
            if (m.demo()) {
                Path card = dir.resolve("MODEL_CARD.md");
                assertThat(card).as("%s needs a model card", dir).isRegularFile();
                assertThat(Files.readString(card).toLowerCase(Locale.ROOT))
                        .as("%s: a demo model's card says so", card)
                        .contains("not for clinical use");
            }
        }
        try (ModelRepository repo =
                ModelRepository.load(modelsDir(), RuntimeOptions.defaults().withIntraOpThreads(1))) {
            assertThat(repo.failures()).as("models that do not load").isEmpty();
            assertThat(repo.models()).hasSize(folders.size());
        }
    }
}
