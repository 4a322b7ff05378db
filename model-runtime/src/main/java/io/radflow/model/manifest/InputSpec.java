package io.radflow.model.manifest;

import java.util.Arrays;

/**
 * The model's input tensor.
 *
 * @param name ONNX input name
 * @param shape four dimensions in {@link #layout} order; -1 only for a dynamic batch
 * @param dtype element type ({@code float32})
 * @param layout dimension order
 */
public record InputSpec(String name, long[] shape, String dtype, Layout layout) {

    public InputSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Fixed batch size, or -1 when dynamic. */
    public long batch() {
        return shape[0];
    }

    public int channels() {
        return (int) shape[layout == Layout.NCHW ? 1 : 3];
    }

    public int height() {
        return (int) shape[layout == Layout.NCHW ? 2 : 1];
    }

    public int width() {
        return (int) shape[layout == Layout.NCHW ? 3 : 2];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec i
                && i.name.equals(name)
                && Arrays.equals(i.shape, shape)
                && i.dtype.equals(dtype)
                && i.layout == layout;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "InputSpec[" + name + " " + Arrays.toString(shape) + " " + dtype + " " + layout + "]";
    }

    /** Dimension order of the input tensor. */
    public enum Layout {
        /** batch, channel, row, column (PyTorch, MONAI). */
        NCHW,
        /** batch, row, column, channel (TensorFlow / Keras). */
        NHWC
    }
}
