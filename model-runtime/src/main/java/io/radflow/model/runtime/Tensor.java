package io.radflow.model.runtime;

import java.util.Arrays;

/**
 * A float32 tensor: its shape and its values in row-major order.
 *
 * @param shape dimensions
 * @param data values (not copied)
 */
public record Tensor(long[] shape, float[] data) {

    public Tensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
        }
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return (int) shape[i];
    }

    /** Item {@code n} along the first axis, without that axis (a copy). */
    public Tensor item(int n) {
        long[] s = Arrays.copyOfRange(shape, 1, shape.length);
        int size = data.length / dim(0);
        return new Tensor(s, Arrays.copyOfRange(data, n * size, (n + 1) * size));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
