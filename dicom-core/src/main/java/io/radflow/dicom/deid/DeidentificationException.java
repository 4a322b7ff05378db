package io.radflow.dicom.deid;

/**
 * An instance that the {@link Deidentifier} refuses to de-identify, e.g. one whose pixel data has
 * burned-in annotation (Burned In Annotation (0028,0301) = YES). Exporters skip such instances.
 */
public class DeidentificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An instance refused for the given reason. */
    public DeidentificationException(String message) {
        super(message);
    }
}
