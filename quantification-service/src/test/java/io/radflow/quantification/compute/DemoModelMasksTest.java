package io.radflow.quantification.compute;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radflow.model.postprocess.Prediction;
import io.radflow.model.postprocess.SegmentMask;
import io.radflow.model.preprocess.SourceFrame;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Areas at L3 with the committed demo model's masks ({@code models/abdominal-ct-body-composition}) on
 * seeds it never saw: training used 1000–1039, its card's held-out set 9000–9019, CI's evaluation
 * 9100–9105 and 9200–9219.
 */
class DemoModelMasksTest {
    static final String MODEL = "abdominal-ct-body-composition";

    @TempDir
    static Path dir;

    static ModelRepository repository;
    static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        repository = ModelRepository.load(Path.of("../models").toAbsolutePath().normalize(), RuntimeOptions.defaults());
        model = repository.model(MODEL).orElseThrow(() -> new AssertionError(MODEL + " not loaded"));
    }

    @AfterAll
    static void close() throws Exception {
        if (repository != null) {
            repository.close();
        }
    }

    /** The model's masks of the L3 slice. */
    static TissueMasks modelMasks(L3Case c) throws Exception {
        Prediction p = model.predict(SourceFrame.read(c.file(), 0));
        return TissueMasks.ofBytes(bytes(p, "Skeletal muscle"), bytes(p, "Subcutaneous fat"), bytes(p, "Visceral fat"));
    }

    private static byte[] bytes(Prediction p, String label) {
        SegmentMask m = p.mask(label);
        assertNotNull(m, label + " mask");
        return m.pixels();
    }

    @ParameterizedTest
    @ValueSource(longs = {5101, 5102, 5103, 5104})
    void demoModelMasksGiveAreasWithin3PercentOfTheTruth(long seed) throws Exception {
        L3Case c = L3Case.generate(seed, dir);
        SliceMeasurement m = new SliceMeasurer().measure(c.slice(), modelMasks(c));
        for (BodyTissue t :
                new BodyTissue[] {BodyTissue.SKELETAL_MUSCLE, BodyTissue.SUBCUTANEOUS_FAT, BodyTissue.VISCERAL_FAT}) {
            TissueMeasurement tm = m.tissue(t);
            double truth = c.truthAreaCm2(t);
            double areaError = (tm.areaCm2() - truth) / truth;
            double huError = tm.meanHu() - c.truthMeanHu(t);
            System.out.printf(
                    Locale.ROOT,
                    "demo model seed %d %s: area %.3f cm² (truth %.3f, %+.3f %%), mean %.2f HU (truth %.2f, %+.2f)%n",
                    seed,
                    t,
                    tm.areaCm2(),
                    truth,
                    100 * areaError,
                    tm.meanHu(),
                    c.truthMeanHu(t),
                    huError);
            assertTrue(Math.abs(areaError) <= 0.03, t + " area within 3 % of the truth: " + 100 * areaError + " %");
        }
    }
}
