package io.radflow.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** Hostile input ends in a {@link DicomStreamException} naming offset and problem. */
class DicomInputLimitsTest {
    private static byte[] implicit(Attributes ds) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomOutputStream(out, UID.ImplicitVRLittleEndian).writeDataset(null, ds);
        return out.toByteArray();
    }

    private static Attributes read(InputStream in, DicomInputLimits limits) throws Exception {
        try (DicomInputStream dis = new DicomInputStream(in, UID.ImplicitVRLittleEndian)) {
            return dis.setLimits(limits).readDataset();
        }
    }

    /** A stream whose length the parser cannot know. */
    private static InputStream opaque(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {};
    }

    @Test
    void lengthBeyondTheRemainingInputIsRejectedBeforeAllocating() throws Exception {
        byte[] b = {0x10, 0x00, 0x10, 0x00, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F, 'A', 'B'};
        assertThatThrownBy(() -> read(new ByteArrayInputStream(b), DicomInputLimits.DEFAULT))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("exceeds the remaining 2 bytes of input")
                .satisfies(e -> assertThat(((DicomStreamException) e).offset()).isEqualTo(8));
        // unknown input length: a length beyond what the heap may hold fails at once ...
        assertThatThrownBy(() -> read(opaque(b), DicomInputLimits.DEFAULT))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("half the Java heap");
        // ... a smaller forged length is read in chunks and fails at the real end of the data
        byte[] c = {0x10, 0x00, 0x10, 0x00, 0x00, 0x00, (byte) 0xF0, 0x00, 'A', 'B'};
        assertThatThrownBy(() -> read(opaque(c), DicomInputLimits.DEFAULT))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() throws Exception {
        Attributes ds = new Attributes();
        Attributes cur = ds;
        for (int i = 0; i < 40; i++) {
            Attributes item = new Attributes();
            cur.newSequence(Tag.ContentSequence, 1).add(item);
            cur = item;
        }
        byte[] b = implicit(ds);
        assertThat(read(new ByteArrayInputStream(b), DicomInputLimits.DEFAULT).getSequence(Tag.ContentSequence))
                .hasSize(1);
        assertThatThrownBy(() -> read(new ByteArrayInputStream(b), DicomInputLimits.UNTRUSTED))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("nested deeper than 32");
    }

    @Test
    void tenThousandNestedUndefinedLengthSequencesDoNotOverflowTheStack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] seq = {0x08, 0x00, 0x15, 0x11, -1, -1, -1, -1, -2, -1, 0x00, -32, -1, -1, -1, -1};
        for (int i = 0; i < 10_000; i++) {
            out.write(seq);
        }
        assertThatThrownBy(() -> read(new ByteArrayInputStream(out.toByteArray()), DicomInputLimits.DEFAULT))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("nested deeper than 64");
    }

    @Test
    void elementCountAndTotalBytesAreLimited() throws Exception {
        Attributes ds = new Attributes();
        Sequence s = ds.newSequence(Tag.ContentSequence, 1000);
        for (int i = 0; i < 1000; i++) {
            s.add(new Attributes().setString(Tag.CodeValue, VR.SH, "C" + i));
        }
        byte[] b = implicit(ds);
        assertThatThrownBy(
                        () -> read(new ByteArrayInputStream(b), new DicomInputLimits(1 << 20, 8, 500, Long.MAX_VALUE)))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("more than 500 elements");
        assertThatThrownBy(() -> read(new ByteArrayInputStream(b), new DicomInputLimits(1 << 20, 8, 1 << 20, 4096)))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("input exceeds 4096 bytes");
    }

    @Test
    void valueLongerThanTheLimitIsRejected() throws Exception {
        Attributes ds = new Attributes().setBytes(Tag.PixelData, VR.OW, new byte[10_000]);
        byte[] b = implicit(ds);
        assertThatThrownBy(() -> read(opaque(b), new DicomInputLimits(4096, 8, 100, Long.MAX_VALUE)))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("longer than 4096 bytes");
    }

    @Test
    void deflateBombIsStoppedByTheTotalBytesLimit() throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(9, true))) {
            byte[] header = {0x09, 0x00, 0x10, 0x00, 'O', 'B', 0, 0, 0, 0, 0, 0x40}; // 1 GiB value
            d.write(header);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                d.write(zeros);
            }
        }
        byte[] bomb = z.toByteArray();
        assertThat(bomb.length).isLessThan(100_000);
        assertThatThrownBy(() -> {
                    try (DicomInputStream dis =
                            new DicomInputStream(new ByteArrayInputStream(bomb), UID.DeflatedExplicitVRLittleEndian)) {
                        dis.setLimits(new DicomInputLimits(16 << 20, 8, 100, 32 << 20))
                                .readDataset();
                    }
                })
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("longer than 16777216 bytes");
    }

    @Test
    void corruptDeflateDataIsADicomStreamException() {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF);
        assertThatThrownBy(() -> {
                    try (DicomInputStream dis = new DicomInputStream(
                            new ByteArrayInputStream(garbage), UID.DeflatedExplicitVRLittleEndian)) {
                        dis.readDataset();
                    }
                })
                .isInstanceOf(DicomStreamException.class);
    }

    @Test
    void itemsMayNotCrossTheirSequenceOrItemBounds() throws Exception {
        // SQ of defined length 16 holding an item of length 100
        byte[] b = {
            0x08, 0x00, 0x15, 0x11, 16, 0, 0, 0, -2, -1, 0x00, -32, 100, 0, 0, 0, 0x08, 0x00, 0x50, 0x11, 4, 0, 0, 0,
            '1', '.', '2', 0
        };
        assertThatThrownBy(() -> read(opaque(b), DicomInputLimits.DEFAULT))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("offset");
    }

    @Test
    void deflateBombWithDefaultLimitsEndsBeforeTheHeapIsExhausted() throws Exception {
        // 48 values of 8 MiB zeros: 384 MiB inflated from well under a megabyte, more than
        // surefire's -Xmx256m could hold
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(1, true))) {
            byte[] zeros = new byte[8 << 20];
            for (int i = 0; i < 48; i++) {
                d.write(new byte[] {0x09, 0x00, (byte) (0x10 + i), 0x10, 'O', 'B', 0, 0, 0, 0, (byte) 0x80, 0});
                d.write(zeros);
            }
        }
        byte[] bomb = z.toByteArray();
        assertThat(bomb.length).isLessThan(4 << 20);
        assertThatThrownBy(() -> {
                    try (DicomInputStream dis =
                            new DicomInputStream(new ByteArrayInputStream(bomb), UID.DeflatedExplicitVRLittleEndian)) {
                        dis.readDataset();
                    }
                })
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("half the Java heap");
    }
}
