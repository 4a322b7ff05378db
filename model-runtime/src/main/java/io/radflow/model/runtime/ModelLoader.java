package io.radflow.model.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.radflow.model.manifest.ManifestException;
import io.radflow.model.manifest.ManifestReader;
import io.radflow.model.manifest.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads one model folder: {@code manifest.json} read and validated, {@code model.onnx} opened
 * with the {@link RuntimeOptions}, and the graph's input and outputs checked against the manifest.
 */
public final class ModelLoader {
    /** The ONNX graph's file name in a model folder. */
    public static final String ONNX_FILE = "model.onnx";

    private final Sessions sessions;

    public ModelLoader(RuntimeOptions options) {
        this.sessions = new Sessions(options);
    }

    /** Loads the model in {@code dir}; every failure names the model and the field or file. */
    public LoadedModel load(Path dir) throws ManifestException {
        ModelManifest manifest = ManifestReader.read(dir);
        Path onnx = dir.resolve(ONNX_FILE);
        if (!Files.isRegularFile(onnx)) {
            throw new ManifestException(manifest.id(), ONNX_FILE, "missing in " + dir);
        }
        Sessions.Opened opened;
        try {
            opened = sessions.open(onnx);
        } catch (OrtException e) {
            throw new ManifestException(manifest.id(), ONNX_FILE, "ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
        OrtSession session = opened.session();
        try {
            SignatureCheck.check(manifest, session);
        } catch (ManifestException | OrtException | RuntimeException e) {
            closeQuietly(session, e);
            if (e instanceof ManifestException me) {
                throw me;
            }
            throw new ManifestException(
                    manifest.id(), ONNX_FILE, "cannot read its inputs and outputs: " + e.getMessage(), e);
        }
        return new LoadedModel(manifest, dir, session, opened.provider());
    }

    private static void closeQuietly(OrtSession session, Exception cause) {
        try {
            session.close();
        } catch (OrtException e) {
            cause.addSuppressed(e);
        }
    }
}
