package io.radflow.teststudies.dx;

/**
 * One finding on a synthetic chest radiograph, with its exact pixel bounding box.
 *
 * @param id 1-based number, also its value in the finding mask
 * @param finding what it is
 * @param side patient side: "right" (image left) or "left" (image right)
 * @param zone lung zone of the box centre by height: "upper", "middle" or "lower" third
 * @param pixels number of pixels in its mask (the opacity, or for a pneumothorax the air rim)
 * @param columnMin first column with mask pixels
 * @param rowMin first row
 * @param columnMax last column (inclusive)
 * @param rowMax last row (inclusive)
 */
public record DxFinding(
        int id,
        Finding finding,
        String side,
        String zone,
        int pixels,
        int columnMin,
        int rowMin,
        int columnMax,
        int rowMax) {}
