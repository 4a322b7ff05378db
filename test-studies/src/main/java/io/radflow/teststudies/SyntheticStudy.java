package io.radflow.teststudies;

import io.radflow.teststudies.ct.CtStudy;
import io.radflow.teststudies.dx.ChestRadiograph;
import io.radflow.teststudies.dx.Finding;
import io.radflow.teststudies.dx.ViewPosition;
import io.radflow.teststudies.iod.NameStyle;
import io.radflow.teststudies.iod.Patient;
import io.radflow.teststudies.iod.StudyInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What to generate: kind, seed and options. Immutable; the {@code with…} methods return changed
 * copies. {@link #writeTo(Path)} writes the DICOM files, label maps and ground truth.
 *
 * @param kind study kind
 * @param seed the seed everything derives from
 * @param slices CT slices in series 1 (ignored for radiographs)
 * @param findings lesions (chest CT) or the number of radiograph findings drawn from the seed
 * @param dxFindings the radiograph's findings when chosen explicitly, else null (drawn from the seed)
 * @param names how the patient name is written
 * @param sizeAndWeight whether PatientSize and PatientWeight are present
 */
public record SyntheticStudy(
        StudyKind kind,
        long seed,
        int slices,
        int findings,
        List<Finding> dxFindings,
        NameStyle names,
        boolean sizeAndWeight) {

    /** Defaults for a kind: 20 slices, 2 findings where the kind has any, name style from the seed. */
    public static SyntheticStudy of(StudyKind kind, long seed) {
        int findings =
                switch (kind) {
                    case CHEST_CT, CHEST_DX_PA, CHEST_DX_AP -> 2;
                    default -> 0;
                };
        NameStyle style = NameStyle.values()[(int) Math.floorMod(seed, 3L)];
        return new SyntheticStudy(kind, seed, 20, findings, null, style, true);
    }

    /** A copy with {@code n} slices. */
    public SyntheticStudy withSlices(int n) {
        return new SyntheticStudy(kind, seed, n, findings, dxFindings, names, sizeAndWeight);
    }

    /** A copy with {@code n} lesions (chest CT) or {@code n} radiograph findings drawn from the seed. */
    public SyntheticStudy withFindings(int n) {
        return new SyntheticStudy(kind, seed, slices, n, null, names, sizeAndWeight);
    }

    /** A copy of a radiograph study with exactly these findings (empty: normal). */
    public SyntheticStudy withFindings(List<Finding> list) {
        return new SyntheticStudy(kind, seed, slices, list.size(), List.copyOf(list), names, sizeAndWeight);
    }

    /** The radiograph's findings: as chosen, or {@link #findings} drawn from the seed. */
    public List<Finding> radiographFindings() {
        return dxFindings != null ? dxFindings : Finding.drawn(seed, findings);
    }

    /** A copy with another name style. */
    public SyntheticStudy withNames(NameStyle style) {
        return new SyntheticStudy(kind, seed, slices, findings, dxFindings, style, sizeAndWeight);
    }

    /** A copy with PatientSize/PatientWeight present or absent. */
    public SyntheticStudy withSizeAndWeight(boolean present) {
        return new SyntheticStudy(kind, seed, slices, findings, dxFindings, names, present);
    }

    /** The CT study (CT kinds only). */
    public CtStudy ctStudy() {
        return switch (kind) {
            case ABDOMINAL_CT -> CtStudy.abdomen(seed, slices, uidTag());
            case CHEST_CT, CHEST_CT_NORMAL -> CtStudy.chest(seed, slices, findings, uidTag());
            default -> throw new IllegalStateException(kind + " is not a CT study");
        };
    }

    /** The radiograph (DX kinds only). */
    public ChestRadiograph radiograph() {
        return switch (kind) {
            case CHEST_DX_PA -> new ChestRadiograph(seed, ViewPosition.PA, radiographFindings());
            case CHEST_DX_NORMAL -> new ChestRadiograph(seed, ViewPosition.PA, List.of());
            case CHEST_DX_AP -> new ChestRadiograph(seed, ViewPosition.AP, radiographFindings());
            default -> throw new IllegalStateException(kind + " is not a radiograph");
        };
    }

    /** The patient. */
    public Patient patient() {
        return Patient.synthetic(seed, names, sizeAndWeight);
    }

    /** The study identity (UIDs derive from seed, kind and parameters). */
    public StudyInfo studyInfo() {
        if (kind.isCt()) {
            CtStudy ct = ctStudy();
            return StudyInfo.of(seed, ct.uidNamespace(), kind == StudyKind.ABDOMINAL_CT ? "CT ABDOMEN" : "CT CHEST");
        }
        ChestRadiograph dx = radiograph();
        String what = dxFindings == null ? Integer.toString(findings) : dxFindings.toString();
        return StudyInfo.of(seed, "chest-dx/" + dx.view() + "/" + what + uidTag(), "XR CHEST " + dx.view());
    }

    /** Patient options in the UID namespace, so studies differing only in them get other UIDs. */
    private String uidTag() {
        return "/" + names + (sizeAndWeight ? "" : "/no-size-weight");
    }

    /** Writes the study under {@code dir} (created) and returns its ground truth. */
    public GroundTruth writeTo(Path dir) {
        try {
            return new StudyWriter(this).write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
