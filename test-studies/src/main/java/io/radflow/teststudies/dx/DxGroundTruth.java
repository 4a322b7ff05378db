package io.radflow.teststudies.dx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ground truth of a chest radiograph.
 *
 * @param view PA or AP
 * @param findings the findings with exact pixel bounding boxes (empty for a normal radiograph)
 * @param cardiothoracicRatio heart shadow width / thoracic width
 * @param heartBox approximate heart shadow box {columnMin, rowMin, columnMax, rowMax}
 */
public record DxGroundTruth(ViewPosition view, List<DxFinding> findings, double cardiothoracicRatio, int[] heartBox) {

    /** The ground truth as a JSON tree. */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("viewPosition", view.name());
        m.put("rows", ChestRadiograph.SIZE);
        m.put("columns", ChestRadiograph.SIZE);
        m.put("pixelSpacingMm", ChestRadiograph.PIXEL_MM);
        m.put("cardiothoracicRatio", cardiothoracicRatio);
        m.put("heartBox", heartBox);
        m.put("boxConvention", "[columnMin, rowMin, columnMax, rowMax], 0-based, inclusive");
        m.put("maskConvention", "finding-mask.png: finding id per pixel, 0 = none");
        Map<String, Object> classes = new LinkedHashMap<>();
        classes.put("normal", findings.isEmpty() ? 1 : 0);
        for (Finding f : Finding.values()) {
            classes.put(f.cliName(), findings.stream().anyMatch(x -> x.finding() == f) ? 1 : 0);
        }
        m.put("classes", classes);
        List<Object> list = new ArrayList<>();
        for (DxFinding o : findings) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", o.id());
            e.put("finding", o.finding().cliName());
            e.put("side", o.side());
            e.put("zone", o.zone());
            e.put("box", new int[] {o.columnMin(), o.rowMin(), o.columnMax(), o.rowMax()});
            e.put("pixels", o.pixels());
            list.add(e);
        }
        m.put("findings", list);
        return m;
    }
}
