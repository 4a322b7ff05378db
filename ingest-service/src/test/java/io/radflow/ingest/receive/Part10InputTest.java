package io.radflow.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.UID;
import io.radflow.dicom.net.FileMetaInformation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The STOW-RS part stream: File Meta Information read with mark and reset, the data set handed over whole. */
class Part10InputTest {

    @Test
    void dataSetAfterTheFileMetaInformationArrivesWholeWhateverTheChunking() throws IOException {
        Random rnd = new Random(4);
        for (int round = 0; round < 50; round++) {
            byte[] dataset = new byte[rnd.nextInt(200_000)];
            rnd.nextBytes(dataset);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            var fmi =
                    new FileMetaInformation("1.2.840.10008.5.1.4.1.1.2", "1.2.3." + round, UID.ExplicitVRLittleEndian);
            fmi.write(file, "STOW");
            file.writeBytes(dataset);

            var in = new InstanceReader.Part10Input(new Chunks(file.toByteArray(), rnd));
            assertThat(FileMetaInformation.read(in)).isEqualTo(fmi);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(in.transferTo(out)).isEqualTo(dataset.length);
            assertThat(out.toByteArray()).isEqualTo(dataset);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** A source that returns at most a few bytes, or a few thousand, per read. */
    private static final class Chunks extends InputStream {
        private final ByteArrayInputStream in;
        private final Random rnd;

        Chunks(byte[] b, Random rnd) {
            this.in = new ByteArrayInputStream(b);
            this.rnd = rnd;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1 + rnd.nextInt(rnd.nextBoolean() ? 7 : 5000)));
        }
    }
}
