package io.radflow.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ordering and checks of {@link SeriesLoader#sorted} on constructed instances. */
class SeriesLoaderTest {
    static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
    /** Rows along x, columns along -z: a coronal plane with normal row × column = (0, 1, 0). */
    static final double[] CORONAL = {1, 0, 0, 0, 0, -1};

    static RetrievedInstance slice(String uid, int instanceNumber, double[] position, double[] orientation) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, uid);
        ds.setInt(Tag.InstanceNumber, VR.IS, instanceNumber);
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        if (position != null) {
            ds.setString(Tag.FrameOfReferenceUID, VR.UI, "1.2.3.99");
            ds.setDouble(Tag.ImagePositionPatient, VR.DS, position);
            ds.setDouble(Tag.ImageOrientationPatient, VR.DS, orientation);
        }
        ds.setBytes(Tag.PixelData, VR.OW, new byte[32]);
        return new RetrievedInstance(ds, UID.ExplicitVRLittleEndian);
    }

    static List<String> uids(List<RetrievedInstance> list) {
        return list.stream().map(RetrievedInstance::sopInstanceUid).toList();
    }

    static InvalidSeriesException rejected(List<RetrievedInstance> list) {
        return catchThrowableOfType(InvalidSeriesException.class, () -> SeriesLoader.sorted("1.2.3", list));
    }

    @Test
    void sortsByPositionAlongTheNormalNotByInstanceNumberOrArrival() throws Exception {
        List<RetrievedInstance> arrived = List.of(
                slice("z5", 1, new double[] {0, 0, 5}, AXIAL),
                slice("z-5", 2, new double[] {0, 0, -5}, AXIAL),
                slice("z0", 3, new double[] {0, 0, 0}, AXIAL),
                slice("z2.5", 4, new double[] {0, 0, 2.5}, AXIAL));

        assertThat(uids(SeriesLoader.sorted("1.2.3", arrived))).containsExactly("z-5", "z0", "z2.5", "z5");
    }

    @Test
    void aCoronalStackIsSortedAlongItsOwnNormal() throws Exception {
        // coronal: the normal is +y, so x and z of the positions do not matter
        List<RetrievedInstance> arrived = List.of(
                slice("y20", 1, new double[] {-90, 20, 5}, CORONAL),
                slice("y10", 2, new double[] {50, 10, 100}, CORONAL),
                slice("y30", 3, new double[] {0, 30, -40}, CORONAL));

        assertThat(uids(SeriesLoader.sorted("1.2.3", arrived))).containsExactly("y10", "y20", "y30");
    }

    @Test
    void imagesWithoutGeometryKeepInstanceNumberOrder() throws Exception {
        List<RetrievedInstance> arrived =
                List.of(slice("c", 3, null, null), slice("a", 1, null, null), slice("b", 2, null, null));

        assertThat(uids(SeriesLoader.sorted("1.2.3", arrived))).containsExactly("a", "b", "c");
    }

    @Test
    void rejectsDifferentOrientations() {
        InvalidSeriesException e = rejected(
                List.of(slice("a", 1, new double[] {0, 0, 0}, AXIAL), slice("b", 2, new double[] {0, 0, 1}, CORONAL)));

        assertThat(e.retryable()).isFalse();
        assertThat(e).hasMessage("series 1.2.3: inconsistent geometry: b and a have different orientations");
    }

    @Test
    void rejectsDifferentSizes() {
        RetrievedInstance big = slice("b", 2, new double[] {0, 0, 1}, AXIAL);
        big.dataset().setInt(Tag.Rows, VR.US, 8);

        assertThat(rejected(List.of(slice("a", 1, new double[] {0, 0, 0}, AXIAL), big)))
                .hasMessageContaining("inconsistent geometry: b is 4 x 8");
    }

    @Test
    void rejectsAnInstanceWithoutPixelData() {
        RetrievedInstance none = slice("b", 2, new double[] {0, 0, 1}, AXIAL);
        none.dataset().remove(Tag.PixelData);

        assertThat(rejected(List.of(slice("a", 1, new double[] {0, 0, 0}, AXIAL), none)))
                .hasMessage("series 1.2.3: instance b has no pixel data");
        assertThat(rejected(List.of())).hasMessage("series 1.2.3: no instances");
    }

    @Test
    void rejectsGeometryOnSomeImagesOnlyAndTwoImagesAtOnePosition() {
        assertThat(rejected(List.of(slice("a", 1, new double[] {0, 0, 0}, AXIAL), slice("b", 2, null, null))))
                .hasMessageContaining("b has no ImagePositionPatient/ImageOrientationPatient");
        List<RetrievedInstance> twice = new ArrayList<>(
                List.of(slice("a", 1, new double[] {0, 0, 0}, AXIAL), slice("b", 2, new double[] {3, 4, 0}, AXIAL)));

        assertThat(rejected(twice)).hasMessageContaining("a and b lie at the same position");
    }
}
