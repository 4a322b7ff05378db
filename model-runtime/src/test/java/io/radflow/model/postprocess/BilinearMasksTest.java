package io.radflow.model.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.model.manifest.LabelSpec;
import io.radflow.model.manifest.OutputSpec;
import io.radflow.model.manifest.Postprocessing;
import io.radflow.model.preprocess.Geometry;
import io.radflow.model.runtime.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Label maps upsampled bilinearly ({@code "upsample": "bilinear"}): a 2 × 2 output on a 4 × 4
 * frame, channel 1 = [[0, 1], [1, 1]] against a constant 0.5 background, worked out by hand with
 * half-pixel centres (torch's align_corners=False).
 */
class BilinearMasksTest {
    @Test
    void channelsAreInterpolatedAtSourcePixelCentresBeforeArgmax() {
        LabelSpec bg = new LabelSpec(0, "background", null, null, 0.5);
        LabelSpec fg = new LabelSpec(1, "tissue", null, null, 0.5);
        OutputSpec spec = new OutputSpec("t", OutputSpec.Kind.LABELMAP, OutputSpec.Activation.NONE, List.of(bg, fg));
        Tensor t = new Tensor(new long[] {2, 2, 2}, new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0, 1, 1, 1});
        List<SegmentMask> masks =
                Postprocessor.bilinearMasks(spec, t, new Postprocessing(true, 0, null, true), Geometry.identity(4, 4));
        assertThat(masks).singleElement().satisfies(m -> assertThat(m.pixels())
                .containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
    }
}
