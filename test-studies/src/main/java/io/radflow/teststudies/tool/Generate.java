package io.radflow.teststudies.tool;

import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.StudyKind;
import io.radflow.teststudies.SyntheticStudy;
import io.radflow.teststudies.compress.CompressedCopies;
import io.radflow.teststudies.compress.Compression;
import io.radflow.teststudies.dx.Finding;
import io.radflow.teststudies.iod.NameStyle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line: {@code generate --kind K --out DIR [--slices N] [--seed S] [--count N] [--findings N]
 * [--finding random|F,F] [--names
 * ascii|korean-iso2022|korean-utf8] [--no-size-weight] [--compress rle,jpeg-lossless,jpeg-ls,jpeg2000]}.
 */
public final class Generate {
    private Generate() {}

    static final String USAGE =
            """
            usage: generate --kind KIND --out DIR [--slices N] [--seed S] [--count N] [--findings N]
                            [--finding random|FINDING[,FINDING...]]
                            [--names ascii|korean-iso2022|korean-utf8] [--no-size-weight]
                            [--compress rle,jpeg-lossless,jpeg-ls,jpeg2000]
              KIND: %s
              --slices    CT slices in series 1 (default 20; 1..2000)
              --seed      seed (default 1); same seed, same bytes
              --count     studies with seeds S..S+N-1, each in DIR/KIND-SEED (without it: one study in DIR)
              --findings  lesions (chest-ct) or findings drawn from the seed (chest-dx-pa/ap, 0..4) (default 2)
              --finding   chest-dx-pa/ap: these findings (pneumonia, tuberculosis, pneumothorax, nodule),
                          or "random": none, one or two distinct findings chosen by each seed
              --names     patient name style (default from the seed)
              --no-size-weight  leave PatientSize and PatientWeight out
              --compress  also write lossless copies under DIR/compressed/NAME (made with dcmtk)
            """;

    /** Runs the command line; exit status 2 on usage errors. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Path dir = null;
            StudyKind kind = null;
            long seed = 1;
            Integer count = null;
            Integer slices = null;
            Integer findings = null;
            String findingList = null;
            NameStyle names = null;
            boolean sizeWeight = true;
            List<Compression> compress = new ArrayList<>();
            int i = 0;
            if (args.length > 0 && args[0].equals("generate")) {
                i = 1;
            }
            for (; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--kind" -> kind = StudyKind.ofCliName(value(args, ++i, a));
                    case "--out" -> dir = Path.of(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--count" -> count = Integer.parseInt(value(args, ++i, a));
                    case "--slices" -> slices = Integer.parseInt(value(args, ++i, a));
                    case "--findings" -> findings = Integer.parseInt(value(args, ++i, a));
                    case "--finding" -> findingList = value(args, ++i, a);
                    case "--names" -> names = nameStyle(value(args, ++i, a));
                    case "--no-size-weight" -> sizeWeight = false;
                    case "--compress" -> {
                        for (String c : value(args, ++i, a).split(",")) {
                            compress.add(Compression.ofCliName(c.trim()));
                        }
                    }
                    case "-h", "--help" -> {
                        out.printf(USAGE, StudyKind.names());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (kind == null || dir == null) {
                throw new IllegalArgumentException("--kind and --out are required");
            }
            if (count != null && count < 1) {
                throw new IllegalArgumentException("--count must be at least 1");
            }
            for (long k = 0; k < (count == null ? 1 : count); k++) {
                long s = seed + k;
                Path studyDir = count == null ? dir : dir.resolve(kind.cliName() + "-" + s);
                SyntheticStudy study = SyntheticStudy.of(kind, s).withSizeAndWeight(sizeWeight);
                if (slices != null) {
                    study = study.withSlices(slices);
                }
                if (findings != null) {
                    study = study.withFindings(findings);
                }
                if (findingList != null) {
                    study = study.withFindings(dxFindings(kind, findingList, s));
                }
                if (names != null) {
                    study = study.withNames(names);
                }
                write(study, studyDir, compress, out);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            err.printf(USAGE, StudyKind.names());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("generate: " + e);
            return 1;
        }
    }

    private static void write(SyntheticStudy study, Path dir, List<Compression> compress, PrintStream out)
            throws IOException {
        GroundTruth truth = study.writeTo(dir);
        for (Compression c : compress) {
            out.println("compressed copies: " + CompressedCopies.write(truth, c));
        }
        int files = truth.series().stream().mapToInt(s -> s.files().size()).sum();
        out.printf(
                Locale.ROOT,
                "%s seed %d: %d series, %d files, study %s in %s%n",
                study.kind().cliName(),
                study.seed(),
                truth.series().size(),
                files,
                truth.info().studyInstanceUid(),
                dir.resolve("ground-truth.json"));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<Finding> dxFindings(StudyKind kind, String spec, long seed) {
        if (kind != StudyKind.CHEST_DX_PA && kind != StudyKind.CHEST_DX_AP) {
            throw new IllegalArgumentException("--finding needs --kind chest-dx-pa or chest-dx-ap");
        }
        if (spec.equals("random")) {
            return Finding.random(seed);
        }
        List<Finding> list = new ArrayList<>();
        for (String f : spec.split(",")) {
            list.add(Finding.ofCliName(f.trim()));
        }
        return list;
    }

    private static NameStyle nameStyle(String s) {
        return switch (s) {
            case "ascii" -> NameStyle.ASCII;
            case "korean-iso2022" -> NameStyle.KOREAN_ISO_2022;
            case "korean-utf8" -> NameStyle.KOREAN_UTF8;
            default -> throw new IllegalArgumentException("unknown name style " + s);
        };
    }
}
