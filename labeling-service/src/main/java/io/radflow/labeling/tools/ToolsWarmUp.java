package io.radflow.labeling.tools;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Loads OpenCV's native library and runs each tool once on a small synthetic frame at start, so the
 * first annotator's request does not pay the library load (0.4–0.7 s measured) and the first
 * compilation of the tools' Java code.
 */
@ApplicationScoped
public class ToolsWarmUp {
    private static final Logger LOG = Logger.getLogger(ToolsWarmUp.class);

    void start(@Observes StartupEvent e) {
        long t0 = System.nanoTime();
        try {
            int n = 96;
            float[] v = new float[n * n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double d = Math.hypot(r - n / 2.0, c - n / 2.0);
                    v[r * n + c] = d < 20 ? 50 : d < 35 ? -100 : -1000;
                }
            }
            HuFrame f = new HuFrame(v, n, n);
            HuThreshold.apply(f, -29, 150, null);
            BackProjection.apply(f, BackProjection.Params.of(new Rect(44, 44, 8, 8), -200, 200));
            GrabCutTool.apply(f, GrabCutTool.Params.of(new Rect(20, 20, 56, 56), -200, 200));
            LOG.infof("segmentation tools ready (OpenCV loaded, warm-up %d ms)", (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException | LinkageError x) {
            // the tools answer their own error later; the service still serves DICOMweb and labels
            LOG.errorf(x, "segmentation tools unavailable: %s", x.getMessage());
        }
    }
}
