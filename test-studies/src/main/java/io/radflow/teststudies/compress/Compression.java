package io.radflow.teststudies.compress;

import java.util.List;

/**
 * Lossless compressed transfer syntaxes the compressed copies are made in, and what makes each: a dcmtk
 * tool, or Radflow's own encoder in dicom-core (empty command).
 */
public enum Compression {
    /** RLE Lossless (1.2.840.10008.1.2.5) with dcmtk {@code dcmcrle}. */
    RLE("1.2.840.10008.1.2.5", "rle", List.of("dcmcrle")),
    /** JPEG Lossless, first-order prediction (1.2.840.10008.1.2.4.70) with {@code dcmcjpeg +e1}. */
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.70", "jpeg-lossless", List.of("dcmcjpeg", "+e1")),
    /** JPEG-LS Lossless (1.2.840.10008.1.2.4.80) with {@code dcmcjpls}. */
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "jpeg-ls", List.of("dcmcjpls")),
    /** JPEG 2000 Lossless Only (1.2.840.10008.1.2.4.90) with dicom-core's encoder (dcmtk has none). */
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "jpeg2000", List.of());

    /** Transfer Syntax UID. */
    public final String transferSyntaxUid;
    /** Folder and CLI name. */
    public final String cliName;
    /** dcmtk command (tool and options) before input and output file; empty: dicom-core encodes. */
    public final List<String> dcmtkCommand;

    Compression(String transferSyntaxUid, String cliName, List<String> dcmtkCommand) {
        this.transferSyntaxUid = transferSyntaxUid;
        this.cliName = cliName;
        this.dcmtkCommand = dcmtkCommand;
    }

    /** The compression for a CLI name. */
    public static Compression ofCliName(String name) {
        for (Compression c : values()) {
            if (c.cliName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression " + name + " (rle, jpeg-lossless, jpeg-ls, jpeg2000)");
    }
}
