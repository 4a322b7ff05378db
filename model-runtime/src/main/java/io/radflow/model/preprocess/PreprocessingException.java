package io.radflow.model.preprocess;

/** A frame the preprocessing chain cannot turn into the model's input. */
public class PreprocessingException extends Exception {
    public PreprocessingException(String message) {
        super(message);
    }

    public PreprocessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
