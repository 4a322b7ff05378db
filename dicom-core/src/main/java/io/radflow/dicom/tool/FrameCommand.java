package io.radflow.dicom.tool;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.image.Enhancement;
import io.radflow.dicom.image.Image8;
import io.radflow.dicom.image.ImageOutput;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.RenderParams;
import io.radflow.dicom.image.Renderer;
import io.radflow.dicom.image.Window;
import io.radflow.dicom.image.WindowPreset;
import io.radflow.dicom.io.DicomInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code frame [--window C,W[,FUNCTION] | --preset NAME] [--frame N] [--viewport W,H]
 * [--enhance equalize|clahe] IN OUT.png|OUT.jpg}: renders one frame (1-based) to an 8-bit image
 * through the Modality and VOI LUTs; without a window the data set's own window (or VOI LUT, or
 * the frame's min/max) is used.
 */
final class FrameCommand implements Subcommand {
    @Override
    public String name() {
        return "frame";
    }

    @Override
    public String usage() {
        return "[--window C,W[,LINEAR|LINEAR_EXACT|SIGMOID] | --preset lung|mediastinum|abdomen|bone|brain]"
                + " [--frame N] [--viewport W,H] [--enhance equalize|clahe] IN OUT.png|OUT.jpg   render a frame";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        RenderParams p = RenderParams.defaults();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                files.add(a);
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new RadflowDicom.UsageException(a + " needs a value");
            }
            String v = args.get(++i);
            try {
                p = switch (a) {
                    case "--window" -> p.withWindow(Window.parse(v));
                    case "--preset" -> p.withWindow(WindowPreset.of(v).window());
                    case "--frame" -> p.withFrame(Integer.parseInt(v) - 1);
                    case "--viewport" -> {
                        String[] wh = v.split(",");
                        if (wh.length != 2) {
                            throw new RadflowDicom.UsageException("--viewport expects W,H");
                        }
                        yield p.withViewport(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()));
                    }
                    case "--enhance" -> p.withEnhancement(Enhancement.of(v));
                    default -> throw new RadflowDicom.UsageException("unknown option " + a);
                };
            } catch (PixelDataException | NumberFormatException e) {
                throw new RadflowDicom.UsageException(a + " " + v + ": " + e.getMessage());
            }
        }
        if (files.size() != 2) {
            throw new RadflowDicom.UsageException("expected IN and OUT");
        }
        Attributes ds;
        String ts;
        try (DicomInputStream dis = new DicomInputStream(Path.of(files.get(0)))) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            dis.readFileMetaInformation();
            ds = dis.readDataset();
            ts = dis.getTransferSyntax();
        }
        PixelData pixels = PixelData.of(ds, ts);
        if (p.frame() < 0 || p.frame() >= pixels.frames()) {
            throw new RadflowDicom.UsageException("--frame must be 1.." + pixels.frames());
        }
        Image8 img = Renderer.render(ds, pixels, p);
        Path target = Path.of(files.get(1));
        try (OutputStream os = Files.newOutputStream(target)) {
            ImageOutput.write(img, target.getFileName().toString(), os);
        }
        return 0;
    }
}
