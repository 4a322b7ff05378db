package io.radflow.teststudies;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.teststudies.GroundTruth.SeriesTruth;
import io.radflow.teststudies.ct.CtSeries;
import io.radflow.teststudies.ct.CtStudy;
import io.radflow.teststudies.dx.ChestRadiograph;
import io.radflow.teststudies.iod.CtImageIod;
import io.radflow.teststudies.iod.DxImageIod;
import io.radflow.teststudies.iod.Patient;
import io.radflow.teststudies.iod.StudyInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes a study: {@code series-N/IMxxxx.dcm} (Explicit VR Little Endian Part 10 files, named in
 * a seeded shuffled order so that file order says nothing about z), {@code series-N/labels/IMxxxx.png}
 * (CT label maps, one byte per pixel = {@link io.radflow.teststudies.ct.Tissue#label}), {@code
 * series-1/finding-mask.png} (DX: finding id per pixel) and {@code ground-truth.json}.
 */
final class StudyWriter {
    private final SyntheticStudy study;

    StudyWriter(SyntheticStudy study) {
        this.study = study;
    }

    GroundTruth write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StudyInfo info = study.studyInfo();
        Patient patient = study.patient();
        List<SeriesTruth> series = new ArrayList<>();
        if (study.kind().isCt()) {
            CtStudy ct = study.ctStudy();
            for (CtSeries s : ct.series()) {
                series.add(writeCt(dir, info, patient, s));
            }
        } else {
            series.add(writeDx(dir, info, patient, study.radiograph()));
        }
        GroundTruth truth = new GroundTruth(dir, study, info, patient, List.copyOf(series));
        Files.writeString(dir.resolve("ground-truth.json"), Json.write(truth.toJsonTree()), StandardCharsets.UTF_8);
        return truth;
    }

    private SeriesTruth writeCt(Path dir, StudyInfo info, Patient patient, CtSeries s) throws IOException {
        int n = s.geometry().slices();
        String folder = "series-" + s.seriesNumber();
        Files.createDirectories(dir.resolve(folder).resolve("labels"));
        int[] order = shuffledNumbers(n, Rng.of(study.seed(), "file-order", s.seriesNumber()));
        List<String> files = new ArrayList<>();
        List<String> labelFiles = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String base = String.format(Locale.ROOT, "IM%04d", order[i]);
            byte[] labels = s.labels(i);
            Attributes ds = CtImageIod.slice(info, patient, s, i, s.storedValues(i, labels));
            String file = folder + "/" + base + ".dcm";
            writePart10(dir.resolve(file), ds);
            String png = folder + "/labels/" + base + ".png";
            writeGrayPng(
                    dir.resolve(png),
                    labels,
                    s.geometry().columns(),
                    s.geometry().rows());
            files.add(file);
            labelFiles.add(png);
            uids.add(info.sopInstanceUid(s.seriesNumber(), i));
        }
        return new SeriesTruth(
                s.seriesNumber(),
                info.seriesUid(s.seriesNumber()),
                s.description(),
                List.copyOf(files),
                List.copyOf(uids),
                List.copyOf(labelFiles),
                s.groundTruth(),
                null);
    }

    private SeriesTruth writeDx(Path dir, StudyInfo info, Patient patient, ChestRadiograph dx) throws IOException {
        Files.createDirectories(dir.resolve("series-1"));
        byte[] mask = new byte[ChestRadiograph.SIZE * ChestRadiograph.SIZE];
        short[] pixels = dx.pixels(mask);
        Attributes ds = DxImageIod.image(info, patient, dx, 1, pixels);
        String file = "series-1/IM0001.dcm";
        writePart10(dir.resolve(file), ds);
        String png = "series-1/finding-mask.png";
        writeGrayPng(dir.resolve(png), mask, ChestRadiograph.SIZE, ChestRadiograph.SIZE);
        return new SeriesTruth(
                1,
                info.seriesUid(1),
                "Chest " + dx.view(),
                List.of(file),
                List.of(info.sopInstanceUid(1, 0)),
                List.of(png),
                null,
                dx.groundTruth());
    }

    /** Writes {@code ds} as a Part 10 file in Explicit VR Little Endian. */
    static void writePart10(Path file, Attributes ds) throws IOException {
        String ts = UID.ExplicitVRLittleEndian;
        try (OutputStream os = Files.newOutputStream(file);
                DicomOutputStream out = new DicomOutputStream(os, ts)) {
            out.writeDataset(DicomOutputStream.createFileMetaInformation(ds, ts), ds);
        }
    }

    /** 1…n in a seeded random order. */
    static int[] shuffledNumbers(int n, Rng rng) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i + 1);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    static void writeGrayPng(Path file, byte[] gray, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, width, height, gray);
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
