package io.radflow.teststudies;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.testing.Peers;
import io.radflow.dicom.testing.Peers.Result;
import io.radflow.teststudies.dx.ViewPosition;
import io.radflow.teststudies.iod.NameStyle;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every element of generated CT and DX files (nested items included) reads the same in dicom-core
 * as in pydicom: strings (Korean names in ISO 2022 IR 149 and UTF-8 decoded), numbers, and the MD5
 * of binary values such as Pixel Data.
 */
class PydicomElementsInteropTest {
    @TempDir
    Path tmp;

    private static final String DUMP =
            """
            import sys, warnings, hashlib, pydicom
            warnings.simplefilter("error")
            def dump(ds, prefix):
                for el in ds:
                    key = prefix + "%08X" % el.tag
                    if el.VR == "SQ":
                        print(key, "SQ", len(el.value))
                        for i, item in enumerate(el.value):
                            dump(item, key + "[%d]." % i)
                    elif el.VR in ("OB", "OW", "UN"):
                        print(key, el.VR, hashlib.md5(el.value).hexdigest())
                    else:
                        v = el.value
                        vals = [] if v is None or v == "" else list(v) if el.VM > 1 else [v]
                        print(key, el.VR, "\\\\".join(str(x) for x in vals))
            for f in sys.argv[1:]:
                print("#", f)
                dump(pydicom.dcmread(f), "")
            """;

    @Test
    void everyElementReadsTheSameInRadflowAndPydicom() throws IOException {
        String python = Peers.requirePydicom();
        List<Path> files = new ArrayList<>();
        GroundTruth abdomen = TestStudies.abdominalCt(31, 4)
                .withNames(NameStyle.KOREAN_ISO_2022)
                .writeTo(tmp.resolve("a"));
        files.add(abdomen.file(0));
        files.add(abdomen.series().get(1).file(abdomen.dir(), 0));
        GroundTruth chest =
                TestStudies.chestCt(32, 4, 1).withNames(NameStyle.KOREAN_UTF8).writeTo(tmp.resolve("c"));
        files.add(chest.file(1));
        files.add(TestStudies.chestRadiograph(33, ViewPosition.PA, 1)
                .withNames(NameStyle.ASCII)
                .writeTo(tmp.resolve("pa"))
                .file(0));
        files.add(TestStudies.chestRadiograph(34, ViewPosition.AP, 0)
                .withNames(NameStyle.KOREAN_ISO_2022)
                .writeTo(tmp.resolve("ap"))
                .file(0));
        List<String> cmd = new ArrayList<>(List.of(python, "-c", DUMP));
        List<String> expected = new ArrayList<>();
        for (Path f : files) {
            cmd.add(f.toString());
            expected.add("# " + f);
            try (DicomInputStream in = new DicomInputStream(f)) {
                in.readFileMetaInformation();
                dump(in.readDataset(), "", expected);
            }
        }
        Result r = Peers.run(cmd);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().lines().toList()).containsExactlyElementsOf(expected);
        assertThat(expected).anyMatch(l -> l.startsWith("00100010 PN Hong^Gildong=洪^吉洞=홍^길동"));
    }

    private static void dump(Attributes ds, String prefix, List<String> out) {
        for (int tag : ds.tags()) {
            String key = prefix + String.format(Locale.ROOT, "%08X", tag);
            VR vr = ds.getVR(tag);
            if (vr == VR.SQ) {
                Sequence seq = ds.getSequence(tag);
                out.add(key + " SQ " + seq.size());
                for (int i = 0; i < seq.size(); i++) {
                    dump(seq.get(i), key + "[" + i + "].", out);
                }
            } else if (vr == VR.OB || vr == VR.OW || vr == VR.UN) {
                out.add(key + " " + vr + " " + md5(ds.getBytes(tag)));
            } else {
                out.add(key + " " + vr + " " + String.join("\\", ds.getStrings(tag)));
            }
        }
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
