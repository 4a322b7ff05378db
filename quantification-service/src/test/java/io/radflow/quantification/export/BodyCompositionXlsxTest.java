package io.radflow.quantification.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.BodyTissue;
import io.radflow.quantification.compute.L3Case;
import io.radflow.quantification.compute.Results;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spreadsheets read back with fastexcel-reader: numeric cells, units, sources, empty when missing. */
class BodyCompositionXlsxTest {
    @TempDir
    static Path dir;

    static List<Row> read(byte[] xlsx) throws Exception {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            assertEquals("Body composition", wb.getFirstSheet().getName());
            return wb.getFirstSheet().read();
        }
    }

    static Row quantity(List<Row> rows, String name) {
        return rows.stream()
                .filter(r -> name.equals(r.getCellText(0)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name));
    }

    static double number(Row r, int column) {
        Cell c = r.getCell(column);
        assertEquals(CellType.NUMBER, c.getType(), "numeric cell at " + c.getAddress());
        return c.asNumber().doubleValue();
    }

    static boolean empty(Row r, int column) {
        Optional<Cell> c = r.getOptionalCell(column);
        return c.isEmpty() || c.get().getType() == CellType.EMPTY;
    }

    @Test
    void studySheetHasTheValuesUnitsAndSources() throws Exception {
        L3Case c = L3Case.generate(42, dir);
        BodyCompositionResult res = Results.of(c, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyCompositionXlsx.study(res, out);
        List<Row> rows = read(out.toByteArray());
        assertEquals(List.of("Quantity", "Value", "Unit", "Source / note"), texts(rows.get(0), 4));
        Row muscle = quantity(rows, "Skeletal muscle area");
        assertEquals(res.tissue(BodyTissue.SKELETAL_MUSCLE).areaCm2(), number(muscle, 1), 1e-9);
        assertEquals("cm²", muscle.getCellText(2));
        assertEquals("muscle label, -29…150 HU", muscle.getCellText(3));
        Row mean = quantity(rows, "Visceral fat mean");
        assertEquals(res.tissue(BodyTissue.VISCERAL_FAT).meanHu(), number(mean, 1), 1e-9);
        assertEquals("HU", mean.getCellText(2));
        Row height = quantity(rows, "Height");
        assertEquals(res.height().value(), number(height, 1), 1e-9);
        assertEquals("m", height.getCellText(2));
        assertEquals("from Patient Size (0010,1020)", height.getCellText(3));
        assertEquals(res.bmi().value(), number(quantity(rows, "BMI"), 1), 1e-9);
        assertEquals("kg/m²", quantity(rows, "BMI").getCellText(2));
        assertEquals(res.smi().value(), number(quantity(rows, "SMI"), 1), 1e-9);
        assertEquals("cm²/m²", quantity(rows, "SMI").getCellText(2));
        assertEquals(
                res.studyInstanceUid(), quantity(rows, "Study Instance UID").getCellText(1));
        assertTrue(rows.stream().anyMatch(r -> r.getCellText(0).startsWith("Reference: low SMI below (Prado 2008)")));
    }

    @Test
    void missingHeightLeavesTheCellEmptyAndSaysWhy() throws Exception {
        L3Case c = L3Case.generate(43, dir, false);
        BodyCompositionResult res = Results.of(c, "DEMO model; not for clinical use");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyCompositionXlsx.study(res, out);
        List<Row> rows = read(out.toByteArray());
        Row smi = quantity(rows, "SMI");
        assertTrue(empty(smi, 1), "no number for a missing SMI");
        assertTrue(smi.getCellText(3).contains("Patient Size (0010,1020) is absent"), smi.getCellText(3));
        assertTrue(empty(quantity(rows, "Height"), 1));
        assertEquals("DEMO", quantity(rows, "Notice").getCellText(3));
    }

    @Test
    void cohortHasOneTypedRowPerStudyAndUnitsInTheHeaders() throws Exception {
        List<BodyCompositionResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(Results.synthetic(i, 100 + 10 * i, 1.60 + 0.05 * i, i == 2 ? null : 60.0 + i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyCompositionXlsx.cohort(results, out);
        List<Row> rows = read(out.toByteArray());
        assertEquals(6, rows.size(), "header and five studies");
        List<String> headers =
                texts(rows.get(0), BodyCompositionXlsx.cohortHeaders().size());
        assertEquals(BodyCompositionXlsx.cohortHeaders(), headers);
        assertTrue(headers.contains("Skeletal muscle area (cm²)"));
        assertTrue(headers.contains("Intermuscular fat mean (HU)"));
        int area = headers.indexOf("Skeletal muscle area (cm²)");
        int bmi = headers.indexOf("BMI (kg/m²)");
        int smi = headers.indexOf("SMI (cm²/m²)");
        int height = headers.indexOf("Height (m)");
        int heightSource = headers.indexOf("Height source");
        for (int i = 0; i < 5; i++) {
            Row r = rows.get(i + 1);
            BodyCompositionResult res = results.get(i);
            assertEquals(res.studyInstanceUid(), r.getCellText(0));
            assertEquals(100 + 10 * i, number(r, area), 1e-9);
            assertEquals(res.smi().value(), number(r, smi), 1e-9);
            assertEquals(res.height().value(), number(r, height), 1e-9);
            assertTrue(r.getCellText(heightSource).startsWith("MANUAL (annotator1, "), r.getCellText(heightSource));
            if (i == 2) {
                assertTrue(empty(r, bmi), "missing weight: empty BMI cell");
                assertTrue(r.getCellText(headers.indexOf("Missing")).startsWith("weight missing"));
            } else {
                assertEquals(res.bmi().value(), number(r, bmi), 1e-9);
            }
        }
    }

    private static List<String> texts(Row r, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.getCellText(i));
        }
        return out;
    }
}
