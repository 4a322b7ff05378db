package io.radflow.teststudies.dx;

/**
 * A synthetic opacity in a chest radiograph, with its exact pixel bounding box.
 *
 * @param id 1-based number, also its value in the opacity mask
 * @param side patient side: "right" (image left) or "left" (image right)
 * @param zone lung zone by height: "upper", "middle" or "lower"
 * @param centreColumn centre of the ellipse (pixel columns)
 * @param centreRow centre of the ellipse (pixel rows)
 * @param semiAxisColumns semi-axis along columns (pixels)
 * @param semiAxisRows semi-axis along rows (pixels)
 * @param amplitude added stored value at the centre
 * @param pixels number of pixels the opacity changes (ellipse ∩ lung field)
 * @param columnMin first column with opacity pixels
 * @param rowMin first row
 * @param columnMax last column (inclusive)
 * @param rowMax last row (inclusive)
 */
public record Opacity(
        int id,
        String side,
        String zone,
        double centreColumn,
        double centreRow,
        double semiAxisColumns,
        double semiAxisRows,
        double amplitude,
        int pixels,
        int columnMin,
        int rowMin,
        int columnMax,
        int rowMax) {}
