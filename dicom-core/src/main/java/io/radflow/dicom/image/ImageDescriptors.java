package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;

/** Reads and writes an {@link ImageDescriptor} from and to the Image Pixel module attributes. */
public final class ImageDescriptors {
    private ImageDescriptors() {}

    /**
     * The descriptor of {@code ds}. Rows, Columns and Bits Allocated are required; absent Samples
     * per Pixel means 1, Bits Stored defaults to Bits Allocated, High Bit to Bits Stored - 1,
     * Photometric Interpretation to MONOCHROME2 (RGB for 3 samples), Number of Frames to 1.
     */
    public static ImageDescriptor of(Attributes ds) throws PixelDataException {
        int rows = required(ds, Tag.Rows, "Rows");
        int columns = required(ds, Tag.Columns, "Columns");
        int bitsAllocated = required(ds, Tag.BitsAllocated, "Bits Allocated");
        int spp = ds.getInt(Tag.SamplesPerPixel, 1);
        int bitsStored = ds.getInt(Tag.BitsStored, bitsAllocated);
        int highBit = ds.getInt(Tag.HighBit, bitsStored - 1);
        String piCode = ds.getString(Tag.PhotometricInterpretation, spp == 3 ? "RGB" : "MONOCHROME2");
        PhotometricInterpretation pi = PhotometricInterpretation.of(piCode);
        int frames = Math.max(1, ds.getInt(Tag.NumberOfFrames, 1));
        try {
            return new ImageDescriptor(
                    rows,
                    columns,
                    spp,
                    bitsAllocated,
                    bitsStored,
                    highBit,
                    ds.getInt(Tag.PixelRepresentation, 0),
                    pi,
                    spp > 1 ? ds.getInt(Tag.PlanarConfiguration, 0) : 0,
                    frames);
        } catch (IllegalArgumentException e) {
            throw new PixelDataException(e.getMessage());
        }
    }

    private static int required(Attributes ds, int tag, String name) throws PixelDataException {
        int v = ds.getInt(tag, -1);
        if (v < 0) {
            throw new PixelDataException(name + " " + Tag.toString(tag) + " missing or invalid");
        }
        return v;
    }

    /** Writes the attributes that a codec may change: Photometric Interpretation and Planar Configuration. */
    public static void update(Attributes ds, ImageDescriptor d) {
        ds.setString(
                Tag.PhotometricInterpretation,
                VR.CS,
                d.photometricInterpretation().code());
        if (d.samplesPerPixel() > 1) {
            ds.setInt(Tag.PlanarConfiguration, VR.US, d.planarConfiguration());
        }
    }
}
