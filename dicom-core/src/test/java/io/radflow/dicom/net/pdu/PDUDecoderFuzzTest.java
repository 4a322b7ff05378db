package io.radflow.dicom.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the PDU reader and decoder: every mutated PDU either decodes or ends
 * in a {@link PDUException}; no other exception, no endless loop.
 */
class PDUDecoderFuzzTest {
    private static final long SEED = 0x5EED_D1C0L;

    @Test
    void mutatedAssociatePDUsFailOnlyWithPDUException() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        AAssociateAC ac = new AAssociateAC();
        ac.setImplementationClassUID("1.2.3.4");
        ac.addPresentationContext(PresentationContext.ac(1, 0, PDUCodecTest.IVLE));
        ac.addPresentationContext(PresentationContext.ac(3, 3, null));
        ac.setUserIdentity(new UserIdentityAC(new byte[] {1, 2, 3}));
        byte[][] seeds = {PDUEncoder.encode(PDUCodecTest.sampleRQ()), PDUEncoder.encode(ac)};
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] pdu = seeds[i & 1].clone();
            int mutations = 1 + rnd.nextInt(4);
            for (int m = 0; m < mutations && pdu.length > 80; m++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> pdu[rnd.nextInt(pdu.length)] = (byte) rnd.nextInt(256);
                    case 1 -> pdu[6 + 68 + rnd.nextInt(pdu.length - 74)] ^= (byte) (1 << rnd.nextInt(8));
                    case 2 -> pdu = Arrays.copyOf(pdu, 6 + rnd.nextInt(pdu.length - 6));
                    default -> {
                        int p = 6 + rnd.nextInt(pdu.length - 7);
                        pdu[p] = (byte) 0xff;
                        pdu[p + 1] = (byte) 0xff;
                    }
                }
            }
            try {
                PDUReader reader = new PDUReader(new ByteArrayInputStream(pdu), 16384);
                int type = reader.next();
                if (type == PDUType.A_ASSOCIATE_RQ) {
                    PDUDecoder.decodeAssociateRQ(reader.body(), reader.length());
                } else if (type == PDUType.A_ASSOCIATE_AC) {
                    PDUDecoder.decodeAssociateAC(reader.body(), reader.length());
                } else if (type == PDUType.A_ABORT) {
                    PDUDecoder.decodeAbort(reader.body(), reader.length());
                } else if (type == PDUType.A_ASSOCIATE_RJ) {
                    PDUDecoder.decodeAssociateRJ(reader.body(), reader.length());
                }
                decoded++;
            } catch (PDUException e) {
                assertThat(e.offset()).isNotNegative();
                rejected++;
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("iteration " + i + " seed " + SEED + ": " + e, e);
            }
        }
        assertThat(rejected).isGreaterThan(1000);
        assertThat(decoded + rejected).isEqualTo(20_000);
    }
}
