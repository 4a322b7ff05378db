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
final class OpenCvEnhancer {
    private OpenCvEnhancer() {}

    static Image8 apply(Image8 img, Enhancement e) throws PixelDataException {
        if (e == Enhancement.NONE) {
            return img;
        }
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
            if (e == Enhancement.EQUALIZE) {
                Imgproc.equalizeHist(luma, enhanced);
            } else {
                CLAHE clahe = Imgproc.createCLAHE(2.0, new Size(8, 8));
                clahe.apply(luma, enhanced);
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
