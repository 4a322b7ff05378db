package io.radflow.teststudies.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Generate.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void generatesAChestCtWithLesions() {
        Path dir = tmp.resolve("chest");
        int rc = run("generate", "--kind", "chest-ct", "--out", dir.toString(), "--slices", "12", "--seed", "5");
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("chest-ct seed 5: 2 series, 18 files");
        assertThat(dir.resolve("ground-truth.json")).exists();
        assertThat(dir.resolve("series-1/IM0012.dcm")).exists();
        assertThat(dir.resolve("series-2/IM0006.dcm")).exists();
    }

    @Test
    void generatesSeveralSeedsWithChosenOrRandomFindings() throws Exception {
        Path dir = tmp.resolve("dx");
        int rc = run(
                "generate",
                "--kind",
                "chest-dx-ap",
                "--out",
                dir.toString(),
                "--seed",
                "7",
                "--count",
                "2",
                "--finding",
                "pneumothorax,nodule");
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        for (String seed : new String[] {"7", "8"}) {
            String json = Files.readString(dir.resolve("chest-dx-ap-" + seed + "/ground-truth.json"));
            assertThat(json)
                    .contains("\"finding\": \"pneumothorax\"", "\"finding\": \"nodule\"", "\"viewPosition\": \"AP\"");
            assertThat(dir.resolve("chest-dx-ap-" + seed + "/series-1/finding-mask.png"))
                    .exists();
        }
        Path random = tmp.resolve("random");
        assertThat(run(
                        "generate",
                        "--kind",
                        "chest-dx-pa",
                        "--out",
                        random.toString(),
                        "--seed",
                        "3",
                        "--finding",
                        "random"))
                .isZero();
        assertThat(Files.readString(random.resolve("ground-truth.json"))).contains("\"classes\"");
        assertThat(run("generate", "--kind", "chest-ct", "--out", random.toString(), "--finding", "nodule"))
                .isEqualTo(2);
        assertThat(run("generate", "--kind", "chest-dx-pa", "--out", random.toString(), "--finding", "effusion"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown finding effusion");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("generate", "--kind", "knee-mr", "--out", tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown kind knee-mr", "abdominal-ct");
        assertThat(run("generate", "--kind", "chest-ct")).isEqualTo(2);
        assertThat(run("--help")).isZero();
        assertThat(Files.exists(tmp.resolve("ground-truth.json"))).isFalse();
    }
}
