package io.radflow.model.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.radflow.model.manifest.InputSpec;
import io.radflow.model.manifest.LabelSpec;
import io.radflow.model.manifest.ManifestException;
import io.radflow.model.manifest.ModelManifest;
import io.radflow.model.manifest.OutputSpec;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks a manifest's input and outputs against the ONNX graph: names, element types, ranks and
 * every dimension the graph fixes (a dynamic graph dimension accepts any manifest value).
 */
final class SignatureCheck {
    private static final String ONNX = ModelLoader.ONNX_FILE;

    private SignatureCheck() {}

    static void check(ModelManifest m, OrtSession session) throws ManifestException, OrtException {
        String id = m.id();
        InputSpec in = m.input();
        Map<String, NodeInfo> inputs = session.getInputInfo();
        NodeInfo node = inputs.get(in.name());
        if (node == null) {
            throw new ManifestException(
                    id,
                    "$.input.name",
                    "'" + in.name() + "' is not an input of " + ONNX + "; its inputs: " + inputs.keySet());
        }
        if (inputs.size() > 1) {
            throw new ManifestException(
                    id, "$.input.name", ONNX + " has inputs " + inputs.keySet() + "; the runtime feeds only one");
        }
        TensorInfo info = tensor(id, "$.input.dtype", node);
        if (info.type != OnnxJavaType.FLOAT) {
            throw new ManifestException(id, "$.input.dtype", in.dtype() + " but " + ONNX + " takes " + info.type);
        }
        long[] model = info.getShape();
        long[] shape = in.shape();
        if (model.length != shape.length) {
            throw new ManifestException(
                    id,
                    "$.input.shape",
                    Arrays.toString(shape) + " but " + ONNX + "'s input '" + in.name() + "' has shape "
                            + Arrays.toString(model));
        }
        for (int i = 0; i < shape.length; i++) {
            if (model[i] >= 0 && model[i] != shape[i]) {
                throw new ManifestException(
                        id,
                        "$.input.shape[" + i + "]",
                        shape[i] + " but " + ONNX + "'s input '" + in.name() + "' has shape " + Arrays.toString(model));
            }
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        for (int i = 0; i < m.outputs().size(); i++) {
            OutputSpec o = m.outputs().get(i);
            String field = "$.outputs[" + i + "]";
            NodeInfo out = outputs.get(o.name());
            if (out == null) {
                throw new ManifestException(
                        id,
                        field + ".name",
                        "'" + o.name() + "' is not an output of " + ONNX + "; its outputs: " + outputs.keySet());
            }
            TensorInfo t = tensor(id, field + ".name", out);
            if (t.type != OnnxJavaType.FLOAT) {
                throw new ManifestException(
                        id, field + ".name", "output '" + o.name() + "' is " + t.type + ", float32 expected");
            }
            long[] s = t.getShape();
            if (s.length != o.kind().rank()) {
                throw new ManifestException(
                        id,
                        field + ".kind",
                        o.kind().name().toLowerCase(java.util.Locale.ROOT) + " needs a rank "
                                + o.kind().rank() + " output but '" + o.name() + "' has shape " + Arrays.toString(s));
            }
            if (s[1] >= 0) {
                for (int j = 0; j < o.labels().size(); j++) {
                    LabelSpec l = o.labels().get(j);
                    if (l.index() >= s[1]) {
                        throw new ManifestException(
                                id,
                                field + ".labels[" + j + "].index",
                                l.index() + " but output '" + o.name() + "' has " + s[1] + " channels");
                    }
                }
            }
        }
    }

    private static TensorInfo tensor(String id, String field, NodeInfo node) throws ManifestException {
        if (node.getInfo() instanceof TensorInfo t) {
            return t;
        }
        throw new ManifestException(id, field, "'" + node.getName() + "' is not a tensor: " + node.getInfo());
    }
}
