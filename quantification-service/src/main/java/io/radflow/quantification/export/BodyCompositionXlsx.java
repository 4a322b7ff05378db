package io.radflow.quantification.export;

import io.radflow.quantification.compute.Anthropometrics;
import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.BodyTissue;
import io.radflow.quantification.compute.DerivedValue;
import io.radflow.quantification.compute.SarcopeniaReference;
import io.radflow.quantification.compute.TissueMeasurement;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Body composition as XLSX: one study (quantity, value, unit, source per row) or a cohort (one row
 * per study, units in the headers). Numbers are numeric cells, never text; a missing value is an
 * empty cell. The stream is not closed.
 */
public final class BodyCompositionXlsx {
    /** Spreadsheet MIME type. */
    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final String APP = "Radflow";
    private static final String VERSION = "0.1";
    private static final String NUMBER_FORMAT = "0.00";

    private BodyCompositionXlsx() {}

    /** The cohort sheet's column headers, units in parentheses. */
    public static List<String> cohortHeaders() {
        List<String> h = new ArrayList<>(List.of(
                "Study Instance UID", "L3 SOP Instance UID", "L3 position (mm)", "L3 source", "Slices averaged"));
        for (BodyTissue t : BodyTissue.values()) {
            h.add(t.displayName() + " area (cm²)");
            h.add(t.displayName() + " mean (HU)");
            h.add(t.displayName() + " SD (HU)");
        }
        h.addAll(List.of(
                "Height (m)",
                "Height source",
                "Weight (kg)",
                "Weight source",
                "BMI (kg/m²)",
                "SMI (cm²/m²)",
                "Missing",
                "Muscle range min (HU)",
                "Muscle range max (HU)",
                "Adipose range min (HU)",
                "Adipose range max (HU)",
                "Labels",
                "Labels reference",
                "Patient sex",
                "Demo"));
        return h;
    }

    /** Writes one sheet "Body composition" with one row per study. */
    public static void cohort(List<BodyCompositionResult> results, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, APP, VERSION);
        Worksheet ws = wb.newWorksheet("Body composition");
        List<String> headers = cohortHeaders();
        for (int c = 0; c < headers.size(); c++) {
            ws.value(0, c, headers.get(c));
        }
        ws.range(0, 0, 0, headers.size() - 1).style().bold().set();
        ws.freezePane(1, 1);
        int r = 1;
        for (BodyCompositionResult res : results) {
            Row row = new Row(ws, r++);
            row.text(res.studyInstanceUid());
            row.text(res.l3() == null ? null : res.l3().sopInstanceUid());
            row.number(res.l3() == null ? null : res.l3().positionMm());
            row.text(res.l3() == null ? null : res.l3().source().name());
            row.number(res.l3() == null ? null : (double) res.l3().slabSlices());
            for (BodyTissue t : BodyTissue.values()) {
                TissueMeasurement m = res.tissue(t);
                row.number(m.areaCm2());
                row.number(m.meanHu());
                row.number(m.sdHu());
            }
            row.number(value(res.height()));
            row.text(source(res.height()));
            row.number(value(res.weight()));
            row.text(source(res.weight()));
            row.number(res.bmi().value());
            row.number(res.smi().value());
            row.text(res.missing().isEmpty() ? null : String.join("; ", res.missing()));
            row.number(res.thresholds().muscleMinHu());
            row.number(res.thresholds().muscleMaxHu());
            row.number(res.thresholds().adiposeMinHu());
            row.number(res.thresholds().adiposeMaxHu());
            row.text(res.labels() == null ? null : res.labels().kind().name());
            row.text(res.labels() == null ? null : res.labels().reference());
            row.text(res.reference() == null ? null : res.reference().patientSex());
            row.text(res.demo() ? "DEMO" : null);
        }
        wb.finish();
    }

    /** Writes one sheet "Body composition" with the study's values, units and sources. */
    public static void study(BodyCompositionResult res, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, APP, VERSION);
        Worksheet ws = wb.newWorksheet("Body composition");
        ws.width(0, 34);
        ws.width(1, 16);
        ws.width(2, 10);
        ws.width(3, 60);
        StudySheet s = new StudySheet(ws);
        s.header("Quantity", "Value", "Unit", "Source / note");
        if (res.demo()) {
            s.text("Notice", res.demoNotice(), "DEMO");
        }
        s.text("Study Instance UID", res.studyInstanceUid(), null);
        if (res.l3() != null) {
            s.text(
                    "L3 SOP Instance UID",
                    res.l3().sopInstanceUid(),
                    "picked by " + res.l3().source());
            s.number("L3 position", res.l3().positionMm(), "mm", "along the slice normal");
            s.number("Slices averaged", (double) res.l3().slabSlices(), null, null);
        }
        for (BodyTissue t : BodyTissue.values()) {
            TissueMeasurement m = res.tissue(t);
            String range = rangeNote(res, t);
            s.number(t.displayName() + " area", m.areaCm2(), "cm²", range);
            s.number(t.displayName() + " mean", m.meanHu(), "HU", m.meanHu() == null ? "no pixels" : null);
            s.number(t.displayName() + " SD", m.sdHu(), "HU", null);
            s.number(t.displayName() + " pixels", m.pixels(), "pixels", null);
        }
        s.number("Height", value(res.height()), "m", note(res.height(), res.missing(), "height"));
        s.number("Weight", value(res.weight()), "kg", note(res.weight(), res.missing(), "weight"));
        s.number("BMI", res.bmi().value(), "kg/m²", derivedNote(res.bmi(), "weight / height²"));
        s.number("SMI", res.smi().value(), "cm²/m²", derivedNote(res.smi(), "skeletal muscle area / height²"));
        if (res.labels() != null) {
            s.text(
                    "Labels",
                    res.labels().reference(),
                    res.labels().kind() + ": " + res.labels().description());
        }
        if (res.reference() != null) {
            s.text("Patient sex", res.reference().patientSex(), res.reference().note());
            for (SarcopeniaReference.CutOff c : res.reference().cutOffs()) {
                s.number(
                        "Reference: low SMI below (" + c.source() + ")",
                        c.smiBelow(),
                        "cm²/m²",
                        (c.condition() == null ? "" : c.condition() + "; ") + c.citation());
            }
            s.text("Reference notice", res.reference().notice(), null);
        }
        wb.finish();
    }

    private static String rangeNote(BodyCompositionResult res, BodyTissue t) {
        var th = res.thresholds();
        return t == BodyTissue.SKELETAL_MUSCLE
                ? "muscle label, " + hu(th.muscleMinHu()) + "…" + hu(th.muscleMaxHu()) + " HU"
                : (t == BodyTissue.INTERMUSCULAR_FAT ? "muscle label, " : "own label, ") + hu(th.adiposeMinHu()) + "…"
                        + hu(th.adiposeMaxHu()) + " HU";
    }

    private static String hu(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static Double value(Anthropometrics.Value v) {
        return v == null ? null : v.value();
    }

    private static String source(Anthropometrics.Value v) {
        if (v == null) {
            return null;
        }
        return v.source() == Anthropometrics.Source.MANUAL
                ? "MANUAL (" + v.enteredBy() + ", " + v.enteredAt() + ")"
                : "TAG";
    }

    private static String note(Anthropometrics.Value v, List<String> missing, String what) {
        if (v != null) {
            return v.source() == Anthropometrics.Source.TAG
                    ? "from " + (what.equals("height") ? "Patient Size (0010,1020)" : "Patient Weight (0010,1030)")
                    : source(v);
        }
        return missing.stream().filter(m -> m.startsWith(what)).findFirst().orElse(what + " missing");
    }

    private static String derivedNote(DerivedValue v, String formula) {
        return v.hasValue() ? formula : v.missing();
    }

    /** Appends cells to one cohort row. */
    private static final class Row {
        private final Worksheet ws;
        private final int r;
        private int c;

        Row(Worksheet ws, int r) {
            this.ws = ws;
            this.r = r;
        }

        void text(String s) {
            if (s != null) {
                ws.value(r, c, s);
            }
            c++;
        }

        void number(Double v) {
            if (v != null && Double.isFinite(v)) {
                ws.value(r, c, v);
            }
            c++;
        }
    }

    /** Appends quantity rows to the study sheet. */
    private static final class StudySheet {
        private final Worksheet ws;
        private int r;

        StudySheet(Worksheet ws) {
            this.ws = ws;
        }

        void header(String... h) {
            for (int c = 0; c < h.length; c++) {
                ws.value(r, c, h[c]);
            }
            ws.range(r, 0, r, h.length - 1).style().bold().set();
            r++;
        }

        void text(String quantity, String value, String note) {
            ws.value(r, 0, quantity);
            if (value != null) {
                ws.value(r, 1, value);
            }
            if (note != null) {
                ws.value(r, 3, note);
            }
            r++;
        }

        void number(String quantity, Double value, String unit, String note) {
            ws.value(r, 0, quantity);
            if (value != null && Double.isFinite(value)) {
                ws.value(r, 1, value);
                ws.style(r, 1).format(NUMBER_FORMAT).set();
            }
            if (unit != null) {
                ws.value(r, 2, unit);
            }
            if (note != null) {
                ws.value(r, 3, note);
            }
            r++;
        }
    }
}
