package io.radflow.dicom.image;

import io.radflow.dicom.image.codec.OpenCvLoader;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/**
 * Histogram equalisation and CLAHE on 8-bit display images through OpenCV ({@code
 * org.openpnp:opencv}, native library loaded on first use). Colour images are enhanced on the luma
 * channel (YCrCb) so hues are kept.
 */
public final class OpenCvEnhancer {
    /** CLAHE clip limit of {@link Enhancement#CLAHE}. */
    public static final double CLAHE_CLIP_LIMIT = 2.0;
    /** CLAHE tiles per side of {@link Enhancement#CLAHE}. */
    public static final int CLAHE_TILE_GRID = 8;

    private OpenCvEnhancer() {}

    static Image8 apply(Image8 img, Enhancement e) throws PixelDataException {
        return switch (e) {
            case NONE -> img;
            case EQUALIZE -> equalize(img);
            case CLAHE -> clahe(img, CLAHE_CLIP_LIMIT, CLAHE_TILE_GRID);
        };
    }

    /** Global histogram equalisation, {@code cv::equalizeHist}. */
    public static Image8 equalize(Image8 img) throws PixelDataException {
        return enhance(img, false, 0, 0);
    }

    /** CLAHE, {@code cv::createCLAHE(clipLimit, Size(tileGrid, tileGrid))}. */
    public static Image8 clahe(Image8 img, double clipLimit, int tileGrid) throws PixelDataException {
        return enhance(img, true, clipLimit, tileGrid);
    }

    private static Image8 enhance(Image8 img, boolean clahe, double clipLimit, int tileGrid) throws PixelDataException {
        OpenCvLoader.load();
        Mat src = new Mat(img.height(), img.width(), img.channels() == 1 ? CvType.CV_8UC1 : CvType.CV_8UC3);
        Mat luma = new Mat();
        Mat ycrcb = new Mat();
        Mat out = new Mat();
        try {
            src.put(0, 0, img.pixels());
            if (img.channels() == 1) {
                src.copyTo(luma);
            } else {
                Imgproc.cvtColor(src, ycrcb, Imgproc.COLOR_RGB2YCrCb);
                org.opencv.core.Core.extractChannel(ycrcb, luma, 0);
            }
            Mat enhanced = new Mat();
            if (!clahe) {
                Imgproc.equalizeHist(luma, enhanced);
            } else {
                CLAHE op = Imgproc.createCLAHE(clipLimit, new Size(tileGrid, tileGrid));
                op.apply(luma, enhanced);
            }
            if (img.channels() == 1) {
                enhanced.copyTo(out);
            } else {
                org.opencv.core.Core.insertChannel(enhanced, ycrcb, 0);
                Imgproc.cvtColor(ycrcb, out, Imgproc.COLOR_YCrCb2RGB);
            }
            enhanced.release();
            byte[] px = new byte[img.pixels().length];
            out.get(0, 0, px);
            return new Image8(img.width(), img.height(), img.channels(), px);
        } finally {
            src.release();
            luma.release();
            ycrcb.release();
            out.release();
        }
    }
}
