package io.radflow.labeling.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.deid.DeidentificationException;
import io.radflow.dicom.deid.Deidentifier;
import io.radflow.dicom.io.DicomOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a training set in the format the models' training recipes read ({@code
 * models/training/README.md}, "Training-set format") as a ZIP streamed to the caller's output
 * stream: per item a de-identified single-frame DICOM Part 10 file and, when the item has one, its
 * mask as an 8-bit grey PNG of the image's rows × columns; {@code dataset.json} is the last entry.
 *
 * <pre>
 * studies/&lt;study&gt;/&lt;series&gt;/&lt;sop&gt;.dcm
 * studies/&lt;study&gt;/&lt;series&gt;/labels/&lt;sop&gt;.png
 * dataset.json
 * </pre>
 *
 * where {@code <study>}, {@code <series>} and {@code <sop>} are the pseudonymous UIDs the {@link
 * Deidentifier} gives (the same as inside the de-identified file and in {@code dataset.json}).
 * Patient identity never leaves: every image goes through the de-identifier, and nothing of the
 * original data set is written anywhere else. An image the de-identifier refuses (burned-in
 * annotation) makes {@link #add} throw a {@link DeidentificationException} before anything of it is
 * written, so the caller can skip it and go on.
 *
 * <p>Entries carry a fixed modification time, so the same items under the same de-identification
 * key give the same bytes. {@link #finish()} finishes the ZIP but does not close the caller's
 * stream. Not thread safe.
 */
public final class TrainingSetWriter {
    /** The {@code format} of dataset.json. */
    public static final String FORMAT = "radflow-training-set";
    /** The {@code formatVersion} of dataset.json. */
    public static final int FORMAT_VERSION = 1;
    /** The name of the manifest entry. */
    public static final String MANIFEST = "dataset.json";

    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    /**
     * A mask pixel value and the label it stands for; several values may share a label.
     *
     * @param value the pixel value, 0 to 255
     * @param label the label name ({@code skeletal_muscle}, {@code subcutaneous_fat}, ...)
     * @param code the label's coded concept (Segmented Property Type), or null
     */
    public record MaskValue(int value, String label, io.radflow.dicom.code.Code code) {
        /** A mask value without a coded concept. */
        public MaskValue(int value, String label) {
            this(value, label, null);
        }

        /** Validates the value range and the label. */
        public MaskValue {
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("mask value out of 0..255: " + value);
            }
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("mask value " + value + " without a label");
            }
        }
    }

    /**
     * One image of the training set.
     *
     * @param dataset the full image as archived, pixel data included (single frame)
     * @param transferSyntaxUid the transfer syntax of its pixel data, used for the written file
     * @param mask rows × columns label values, row by row, 0 = background; null for an unlabelled
     *     item
     * @param rows the mask's rows (the image's Rows)
     * @param columns the mask's columns (the image's Columns)
     * @param subject pseudonymous subject identifier given to the de-identifier (Patient's Name and
     *     Patient ID of the written file)
     * @param sliceIndex position in the series, 0 = most superior
     * @param l3 whether this is the series' mid-L3 slice (the annotator's pick), or null if unknown
     * @param vertebralLevel spine level at the slice ("L3", "L3-L4", ...), or null if not labelled
     */
    public record Item(
            Attributes dataset,
            String transferSyntaxUid,
            byte[] mask,
            int rows,
            int columns,
            String subject,
            int sliceIndex,
            Boolean l3,
            String vertebralLevel) {}

    private final ZipOutputStream zip;
    private final OutputStream entryStream;
    private final Deidentifier deid;
    private final String source;
    private final List<MaskValue> maskValues;
    private final List<Map<String, Object>> labelSets = new ArrayList<>();
    private final List<Map<String, Object>> items = new ArrayList<>();
    private final Set<String> instances = new HashSet<>();
    private boolean finished;

    /**
     * A writer streaming the ZIP to {@code out}.
     *
     * @param out where the ZIP goes (not closed by this writer)
     * @param deid the de-identifier, keyed for this export
     * @param source free text for dataset.json's {@code source}: who exported what
     * @param maskValues mask pixel value → label, for dataset.json's {@code maskValues}
     */
    public TrainingSetWriter(OutputStream out, Deidentifier deid, String source, List<MaskValue> maskValues) {
        this.zip = new ZipOutputStream(Objects.requireNonNull(out, "out"));
        this.entryStream = new EntryStream(zip);
        this.deid = Objects.requireNonNull(deid, "deid");
        this.source = Objects.requireNonNull(source, "source");
        this.maskValues = List.copyOf(maskValues);
    }

    /** Number of items added. */
    public int size() {
        return items.size();
    }

    /**
     * De-identifies the item's image and writes it and its mask.
     *
     * @throws DeidentificationException when the de-identifier refuses the image (nothing written)
     * @throws IllegalArgumentException when the mask does not have the image's rows × columns, the
     *     image is not single-frame, the instance was added already, the subject is invalid or
     *     the transfer syntax cannot be written (nothing written)
     * @throws IllegalStateException after {@link #finish()}
     */
    public void add(Item item) throws IOException {
        if (finished) {
            throw new IllegalStateException("training set finished");
        }
        Attributes ds = Objects.requireNonNull(item.dataset(), "dataset");
        Objects.requireNonNull(item.transferSyntaxUid(), "transferSyntaxUid");
        int rows = ds.getInt(Tag.Rows, -1);
        int columns = ds.getInt(Tag.Columns, -1);
        if (ds.getInt(Tag.NumberOfFrames, 1) != 1) {
            throw new IllegalArgumentException("not a single-frame image: " + ds.getString(Tag.SOPInstanceUID));
        }
        if (item.mask() != null
                && (item.rows() != rows || item.columns() != columns || item.mask().length != rows * columns)) {
            throw new IllegalArgumentException("mask of " + item.rows() + " × " + item.columns() + " ("
                    + item.mask().length + " values) for an image of " + rows + " × " + columns);
        }
        Attributes out = deid.deidentify(ds, item.subject());
        String study = out.getString(Tag.StudyInstanceUID);
        String series = out.getString(Tag.SeriesInstanceUID);
        String sop = out.getString(Tag.SOPInstanceUID);
        if (study == null || series == null || sop == null) {
            throw new IllegalArgumentException("image without Study, Series or SOP Instance UID");
        }
        if (instances.contains(sop)) {
            throw new IllegalArgumentException("instance added twice: " + ds.getString(Tag.SOPInstanceUID));
        }
        // refuses transfer syntaxes it cannot write before an entry is opened
        DicomOutputStream file = new DicomOutputStream(entryStream, item.transferSyntaxUid());
        instances.add(sop);
        String dir = "studies/" + study + "/" + series + "/";
        String image = dir + sop + ".dcm";
        putEntry(image);
        try (DicomOutputStream dos = file) {
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(out, item.transferSyntaxUid()), out);
        }
        zip.closeEntry();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("image", image);
        if (item.mask() != null) {
            String mask = dir + "labels/" + sop + ".png";
            putEntry(mask);
            writePng(item.mask(), rows, columns);
            zip.closeEntry();
            entry.put("mask", mask);
        }
        entry.put("studyInstanceUID", study);
        entry.put("seriesInstanceUID", series);
        entry.put("sopInstanceUID", sop);
        entry.put("sliceIndex", item.sliceIndex());
        if (item.vertebralLevel() != null) {
            entry.put("vertebralLevel", item.vertebralLevel());
        }
        if (item.l3() != null) {
            entry.put("l3", item.l3());
        }
        items.add(entry);
    }

    /**
     * Records a label set the items come from, for dataset.json's {@code labelSets} (which version;
     * no identity: label set ids are the labeling service's own).
     */
    public void labelSet(long id, int version, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labelSet", id);
        m.put("version", version);
        m.put("name", name);
        labelSets.add(m);
    }

    /** Writes dataset.json and finishes the ZIP (the caller's stream stays open); once only. */
    public void finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("training set finished already");
        }
        finished = true;
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("formatVersion", FORMAT_VERSION);
        manifest.put("source", source);
        manifest.put("task", "segmentation");
        List<Map<String, Object>> values = new ArrayList<>();
        for (MaskValue v : maskValues) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", v.value());
            m.put("label", v.label());
            if (v.code() != null) {
                m.put(
                        "code",
                        Map.of(
                                "value", v.code().value(),
                                "scheme", v.code().scheme(),
                                "meaning", v.code().meaning()));
            }
            values.add(m);
        }
        manifest.put("maskValues", values);
        if (!labelSets.isEmpty()) {
            manifest.put("labelSets", labelSets);
        }
        manifest.put("items", items);
        byte[] json =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
        putEntry(MANIFEST);
        zip.write(json);
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    /** Writes to the ZIP's current entry; closing it only flushes (the writer closes entries). */
    private static final class EntryStream extends FilterOutputStream {
        EntryStream(OutputStream zip) {
            super(zip);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private void putEntry(String name) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(e);
    }

    /** The mask as an 8-bit grey PNG (colour type 0), written to the current entry. */
    private void writePng(byte[] mask, int rows, int columns) throws IOException {
        BufferedImage img = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(mask, 0, data, 0, mask.length);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer");
        }
        ImageWriter w = writers.next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(entryStream)) {
            w.setOutput(ios);
            w.write(img);
        } finally {
            w.dispose();
        }
    }
}
