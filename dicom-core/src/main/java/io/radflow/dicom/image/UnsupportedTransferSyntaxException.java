package io.radflow.dicom.image;

/** Pixel data in a transfer syntax for which Radflow has no codec (for example JPEG-LS). */
public class UnsupportedTransferSyntaxException extends PixelDataException {
    private static final long serialVersionUID = 1L;

    private final String transferSyntaxUID;

    public UnsupportedTransferSyntaxException(String transferSyntaxUID, String why) {
        super("unsupported transfer syntax " + transferSyntaxUID + ": " + why);
        this.transferSyntaxUID = transferSyntaxUID;
    }

    public String transferSyntaxUID() {
        return transferSyntaxUID;
    }
}
