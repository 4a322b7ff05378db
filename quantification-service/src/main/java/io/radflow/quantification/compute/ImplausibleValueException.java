package io.radflow.quantification.compute;

/** An entered height or weight outside the plausible range; the message says which and why (HTTP 400). */
public class ImplausibleValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ImplausibleValueException(String message) {
        super(message);
    }
}
