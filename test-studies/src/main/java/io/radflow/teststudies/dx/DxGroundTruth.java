package io.radflow.teststudies.dx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ground truth of a chest radiograph.
 *
 * @param view PA or AP
 * @param opacities the opacities with exact pixel bounding boxes (empty for a normal radiograph)
 * @param cardiothoracicRatio heart shadow width / thoracic width
 * @param heartBox approximate heart shadow box {columnMin, rowMin, columnMax, rowMax}
 */
public record DxGroundTruth(ViewPosition view, List<Opacity> opacities, double cardiothoracicRatio, int[] heartBox) {

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
        List<Object> list = new ArrayList<>();
        for (Opacity o : opacities) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", o.id());
            e.put("side", o.side());
            e.put("zone", o.zone());
            e.put("box", new int[] {o.columnMin(), o.rowMin(), o.columnMax(), o.rowMax()});
            e.put("pixels", o.pixels());
            e.put("centre", new double[] {o.centreColumn(), o.centreRow()});
            e.put("semiAxes", new double[] {o.semiAxisColumns(), o.semiAxisRows()});
            e.put("amplitude", o.amplitude());
            list.add(e);
        }
        m.put("opacities", list);
        return m;
    }
}
