package io.radflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.model.manifest.ManifestReader;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import io.radflow.model.testing.Python;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training recipes cannot rot: each recipe's {@code --smoke} run trains its demo
 * model for a few steps on a few generated studies (Debian PyTorch, CPU) and exports it; each
 * exported folder then loads in the Java runtime like a committed model (manifest valid against the
 * schema, ONNX graph matching it).
 */
class TrainingRecipesSmokeTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Recipe and the model it exports. */
    static final String[][] RECIPES = {
        {"train_body_composition.py", "abdominal-ct-body-composition"},
        {"train_chest_ct.py", "chest-ct-lesions"},
        {"train_chest_xray.py", "chest-xray-findings"}
    };

    @TempDir
    Path tmp;

    @Test
    void everyRecipeTrainsExportsAndLoads() throws Exception {
        Python.requireTorch();
        Path out = tmp.resolve("out");
        StringBuilder logs = new StringBuilder();
        for (String[] recipe : RECIPES) {
            Path log = tmp.resolve(recipe[1] + ".log");
            ProcessBuilder pb = new ProcessBuilder(
                            Python.PYTHON,
                            ROOT.resolve("models/training/" + recipe[0]).toString(),
                            "--smoke",
                            "--out",
                            out.resolve(recipe[1]).toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("RADFLOW_TRAINING_CACHE", tmp.resolve("cache").toString());
            Process p = pb.start();
            assertThat(p.waitFor(15, TimeUnit.MINUTES))
                    .as(recipe[0] + " finished")
                    .isTrue();
            String text = Files.readString(log, StandardCharsets.UTF_8);
            logs.append(text);
            assertThat(p.exitValue()).as(recipe[0] + ":\n" + text).isZero();
        }
        String log = logs.toString();
        try (ModelRepository repo = ModelRepository.load(out, RuntimeOptions.defaults())) {
            assertThat(repo.failures()).as(log).isEmpty();
            assertThat(repo.models()).hasSize(RECIPES.length);
            for (var m : repo.models()) {
                assertThat(ManifestReader.read(out.resolve(m.id())).demo()).isTrue();
            }
        }
    }
}
