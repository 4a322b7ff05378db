package io.radflow.model.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny ONNX graphs (protobuf encoded by hand, a few fields of {@code onnx.proto}) so that
 * loader tests run without Python: one {@code Identity} node from input to output.
 */
public final class OnnxGraphs {
    /** onnx.TensorProto.DataType FLOAT. */
    public static final int FLOAT = 1;
    /** onnx.TensorProto.DataType INT64. */
    public static final int INT64 = 7;

    private OnnxGraphs() {}

    /** {@code output = Identity(input)}, both of {@code shape} (-1 = dynamic) and {@code elemType}. */
    public static Path identity(Path file, String input, String output, long[] shape, int elemType) throws IOException {
        byte[] node = concat(str(1, input), str(2, output), str(3, "identity"), str(4, "Identity"));
        byte[] graph = concat(
                msg(1, node),
                str(2, "radflow-test"),
                msg(11, valueInfo(input, shape, elemType)),
                msg(12, valueInfo(output, shape, elemType)));
        byte[] opset = concat(str(1, ""), varint(2, 17));
        byte[] model = concat(varint(1, 8), str(2, "radflow-test"), msg(7, graph), msg(8, opset));
        Files.createDirectories(file.getParent());
        Files.write(file, model);
        return file;
    }

    /** A float32 identity graph. */
    public static Path identity(Path file, String input, String output, long... shape) throws IOException {
        return identity(file, input, output, shape, FLOAT);
    }

    private static byte[] valueInfo(String name, long[] shape, int elemType) {
        ByteArrayOutputStream dims = new ByteArrayOutputStream();
        for (int i = 0; i < shape.length; i++) {
            byte[] dim = shape[i] < 0 ? str(2, "d" + i) : varint(1, shape[i]);
            dims.writeBytes(msg(1, dim));
        }
        byte[] tensor = concat(varint(1, elemType), msg(2, dims.toByteArray()));
        return concat(str(1, name), msg(2, msg(1, tensor)));
    }

    private static byte[] str(int field, String s) {
        return msg(field, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] msg(int field, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) field << 3 | 2);
        writeVarint(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] varint(int field, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) field << 3);
        writeVarint(out, value);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
