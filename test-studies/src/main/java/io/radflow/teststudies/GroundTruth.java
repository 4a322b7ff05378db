package io.radflow.teststudies;

import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.teststudies.dx.DxGroundTruth;
import io.radflow.teststudies.iod.Patient;
import io.radflow.teststudies.iod.StudyInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ground truth of a written study, also written as {@code ground-truth.json} next to the files.
 *
 * @param dir the study folder
 * @param study what was generated
 * @param info study identity
 * @param patient the patient
 * @param series the series, in series number order
 */
public record GroundTruth(Path dir, SyntheticStudy study, StudyInfo info, Patient patient, List<SeriesTruth> series) {

    /**
     * One written series.
     *
     * @param seriesNumber SeriesNumber
     * @param seriesInstanceUid SeriesInstanceUID
     * @param description SeriesDescription
     * @param files relative path of each image's file, by slice index (CT) or 0 (DX)
     * @param sopInstanceUids SOPInstanceUID by slice index
     * @param labelMaps relative path of each slice's label map PNG (CT) or of the finding mask (DX)
     * @param ct CT truth, or null
     * @param dx radiograph truth, or null
     */
    public record SeriesTruth(
            int seriesNumber,
            String seriesInstanceUid,
            String description,
            List<String> files,
            List<String> sopInstanceUids,
            List<String> labelMaps,
            CtGroundTruth ct,
            DxGroundTruth dx) {
        /** Absolute path of image {@code index}'s file. */
        public Path file(Path studyDir, int index) {
            return studyDir.resolve(files.get(index));
        }
    }

    /** The truth of CT series 1. */
    public CtGroundTruth primaryCt() {
        return series.get(0).ct();
    }

    /** The radiograph truth. */
    public DxGroundTruth dx() {
        return series.get(0).dx();
    }

    /** Absolute path of image {@code index} of series 1. */
    public Path file(int index) {
        return series.get(0).file(dir, index);
    }

    /** The JSON tree written to ground-truth.json. */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", "radflow test-studies");
        m.put("kind", study.kind().cliName());
        m.put("seed", study.seed());
        m.put("studyInstanceUID", info.studyInstanceUid());
        m.put("studyDate", info.studyDate());
        m.put("accessionNumber", info.accessionNumber());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", patient.id());
        p.put("name", patient.name());
        p.put("nameStyle", patient.nameStyle().name());
        p.put(
                "specificCharacterSet",
                patient.nameStyle().specificCharacterSet() == null
                        ? null
                        : List.of(patient.nameStyle().specificCharacterSet()));
        p.put("sex", patient.sex());
        p.put("birthDate", patient.birthDate());
        p.put("sizeM", patient.sizeM());
        p.put("weightKg", patient.weightKg());
        m.put("patient", p);
        List<Object> list = new ArrayList<>();
        for (SeriesTruth s : series) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("seriesNumber", s.seriesNumber());
            o.put("seriesInstanceUID", s.seriesInstanceUid());
            o.put("description", s.description());
            o.put("files", s.files());
            o.put("labelMaps", s.labelMaps());
            if (s.ct() != null) {
                o.put("ct", s.ct().toJsonTree());
            }
            if (s.dx() != null) {
                Map<String, Object> dx = s.dx().toJsonTree();
                dx.put("sopInstanceUID", s.sopInstanceUids().get(0));
                o.put("dx", dx);
            }
            list.add(o);
        }
        m.put("series", list);
        return m;
    }
}
