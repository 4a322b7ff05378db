package io.radflow.dicom.iod;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.testing.SourceImages;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** Derived instances: patient and study copied, new series, deterministic UIDs when asked. */
class DerivedInstanceTest {
    @Test
    void uidsDerivedFromANameAreStableValidAndDistinct() {
        String a = DerivedInstance.uidFor("job/1.2.3/1/chest-ct/1.0.0/sop");
        assertThat(a).isEqualTo(DerivedInstance.uidFor("job/1.2.3/1/chest-ct/1.0.0/sop"));
        assertThat(a).isNotEqualTo(DerivedInstance.uidFor("job/1.2.3/2/chest-ct/1.0.0/sop"));
        assertThat(a).startsWith("2.25.").hasSizeLessThanOrEqualTo(64);
        assertThat(UID.isValid(a)).isTrue();
    }

    @Test
    void copiesPatientAndStudyAndUsesTheGivenUids() {
        Attributes source = SourceImages.ctStack(1, 4, 4, 1).get(0);
        String series = DerivedInstance.uidFor("series");
        String sop = DerivedInstance.uidFor("sop");
        Attributes ds = new DerivedInstance(series, sop, 7, "AI", 1, "radflow 0.1.0", "m", LocalDateTime.now())
                .create(source, UID.ComprehensiveSRStorage, "SR");
        assertThat(ds.getString(Tag.SeriesInstanceUID)).isEqualTo(series);
        assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo(sop);
        assertThat(ds.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(ds.getString(Tag.StudyInstanceUID)).isEqualTo(SourceImages.STUDY);
        assertThat(ds.getString(Tag.Manufacturer)).isEqualTo("Radflow");
        assertThat(ds.contains(Tag.Rows)).isFalse();
    }
}
