package io.radflow.model.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code manifest.json}: JSON syntax, then {@link ManifestSchema}, then the checks a schema
 * cannot express (the id is the folder name, label indices and output names are unique, a resize
 * step produces the input size, heat-map post-processing has a heat map). Every failure is a
 * {@link ManifestException} naming the model and the field.
 */
public final class ManifestReader {
    /** The manifest's file name in a model folder. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestReader() {}

    /** Reads {@code <modelDir>/manifest.json}; the model's id must be the folder name. */
    public static ModelManifest read(Path modelDir) throws ManifestException {
        String id = modelDir.getFileName().toString();
        Path file = modelDir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ManifestException(id, FILE_NAME, "missing in " + modelDir);
        } catch (IOException e) {
            throw new ManifestException(id, FILE_NAME, "unreadable: " + e.getMessage(), e);
        }
        return parse(text, id);
    }

    /** Parses and validates manifest {@code text} of the model in folder {@code expectedId}. */
    public static ModelManifest parse(String text, String expectedId) throws ManifestException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ManifestException(
                    expectedId,
                    "$",
                    "not valid JSON"
                            + (loc != null ? " at line " + loc.getLineNr() + " column " + loc.getColumnNr() : "") + ": "
                            + e.getOriginalMessage(),
                    e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ManifestException(expectedId, "$", "empty file");
        }
        List<ManifestSchema.Violation> violations = ManifestSchema.get().validate(root);
        if (!violations.isEmpty()) {
            throw new ManifestException(
                    expectedId,
                    violations.getFirst().field(),
                    violations.stream()
                            .map(v -> v.field().equals(violations.getFirst().field())
                                    ? v.message()
                                    : v.field() + ": " + v.message())
                            .toList(),
                    null);
        }
        ModelManifest m = map(root);
        check(m, expectedId);
        return m;
    }

    private static ModelManifest map(JsonNode r) {
        JsonNode a = r.get("applicability");
        JsonNode spacing = a.path("pixelSpacingMm");
        Applicability applicability = new Applicability(
                strings(a.get("modalities")),
                strings(a.get("sopClasses")),
                strings(a.get("bodyParts")),
                strings(a.get("viewPositions")),
                a.path("minSlices").asInt(1),
                spacing.has("min") ? spacing.get("min").asDouble() : null,
                spacing.has("max") ? spacing.get("max").asDouble() : null);
        JsonNode in = r.get("input");
        long[] shape = new long[in.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.get("shape").get(i).asLong();
        }
        InputSpec input = new InputSpec(
                in.get("name").asText(),
                shape,
                in.get("dtype").asText(),
                InputSpec.Layout.valueOf(in.get("layout").asText()));
        List<PreprocessStep> steps = new ArrayList<>();
        for (JsonNode s : r.get("preprocessing")) {
            steps.add(step(s));
        }
        List<OutputSpec> outputs = new ArrayList<>();
        for (JsonNode o : r.get("outputs")) {
            List<LabelSpec> labels = new ArrayList<>();
            for (JsonNode l : o.get("labels")) {
                JsonNode c = l.get("code");
                int[] color = null;
                if (l.has("color")) {
                    color = new int[] {
                        l.get("color").get(0).asInt(),
                        l.get("color").get(1).asInt(),
                        l.get("color").get(2).asInt()
                    };
                }
                labels.add(new LabelSpec(
                        l.get("index").asInt(),
                        l.get("label").asText(),
                        new CodedConcept(
                                c.get("value").asText(),
                                c.get("scheme").asText(),
                                c.get("meaning").asText()),
                        color,
                        l.path("threshold").asDouble(LabelSpec.DEFAULT_THRESHOLD)));
            }
            outputs.add(new OutputSpec(
                    o.get("name").asText(),
                    OutputSpec.Kind.of(o.get("kind").asText()),
                    OutputSpec.Activation.of(text(o, "activation")),
                    labels));
        }
        Postprocessing post = Postprocessing.NONE;
        if (r.has("postprocessing")) {
            JsonNode p = r.get("postprocessing");
            JsonNode h = p.get("heatmapToBoxes");
            post = new Postprocessing(
                    p.path("argmax").asBoolean(false),
                    p.path("minComponentPixels").asInt(0),
                    h == null
                            ? null
                            : new Postprocessing.HeatmapToBoxes(
                                    h.get("threshold").asDouble(),
                                    h.path("minAreaPixels").asInt(0)),
                    "bilinear".equals(p.path("upsample").asText("nearest")));
        }
        ModelManifest.Metrics metrics = null;
        if (r.has("metrics")) {
            Map<String, Double> values = new LinkedHashMap<>();
            r.get("metrics")
                    .get("values")
                    .properties()
                    .forEach(e -> values.put(e.getKey(), e.getValue().asDouble()));
            metrics = new ModelManifest.Metrics(text(r.get("metrics"), "evaluatedOn"), values);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> training = r.has("training") ? JSON.convertValue(r.get("training"), Map.class) : Map.of();
        return new ModelManifest(
                r.get("schemaVersion").asInt(),
                r.get("id").asText(),
                r.get("version").asText(),
                r.get("name").asText(),
                r.get("demo").asBoolean(),
                text(r, "disclaimer"),
                ModelManifest.Task.of(r.get("task").asText()),
                applicability,
                input,
                steps,
                outputs,
                post,
                r.path("batchSize").asInt(ModelManifest.DEFAULT_BATCH_SIZE),
                metrics,
                training,
                l3(r.get("l3")));
    }

    private static PreprocessStep step(JsonNode s) {
        return switch (s.get("op").asText()) {
            case "modalityLut" -> new PreprocessStep.ModalityLut();
            case "window" ->
                new PreprocessStep.Window(
                        s.get("center").asDouble(), s.get("width").asDouble());
            case "normalizeRange" -> new PreprocessStep.NormalizeRange();
            case "histogramEqualization" -> new PreprocessStep.HistogramEqualization();
            case "clahe" ->
                new PreprocessStep.Clahe(
                        s.path("clipLimit").asDouble(2.0), s.path("tileGrid").asInt(8));
            case "resample" ->
                new PreprocessStep.Resample(
                        s.get("pixelSpacingMm").asDouble(), Interpolation.of(text(s, "interpolation")));
            case "resize" ->
                new PreprocessStep.Resize(
                        s.get("width").asInt(),
                        s.get("height").asInt(),
                        Interpolation.of(text(s, "interpolation")),
                        s.path("keepAspect").asBoolean(false),
                        s.path("padValue").asDouble(0.0));
            case "scale" ->
                new PreprocessStep.Scale(
                        s.path("factor").asDouble(1.0), s.path("offset").asDouble(0.0));
            default -> throw new IllegalStateException("schema admitted op " + s.get("op"));
        };
    }

    private static void check(ModelManifest m, String expectedId) throws ManifestException {
        if (!m.id().equals(expectedId)) {
            throw new ManifestException(
                    expectedId, "$.id", "is '" + m.id() + "' but the model's folder is '" + expectedId + "'");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < m.outputs().size(); i++) {
            OutputSpec o = m.outputs().get(i);
            if (!names.add(o.name())) {
                throw new ManifestException(
                        expectedId, "$.outputs[" + i + "].name", "output '" + o.name() + "' is listed twice");
            }
            Set<Integer> indices = new HashSet<>();
            for (int j = 0; j < o.labels().size(); j++) {
                if (!indices.add(o.labels().get(j).index())) {
                    throw new ManifestException(
                            expectedId,
                            "$.outputs[" + i + "].labels[" + j + "].index",
                            "index " + o.labels().get(j).index() + " is used twice");
                }
            }
        }
        for (int i = 0; i < m.preprocessing().size(); i++) {
            if (m.preprocessing().get(i) instanceof PreprocessStep.Resize r) {
                if (r.width() != m.input().width()) {
                    throw new ManifestException(
                            expectedId,
                            "$.preprocessing[" + i + "].width",
                            r.width() + " but input.shape gives width "
                                    + m.input().width());
                }
                if (r.height() != m.input().height()) {
                    throw new ManifestException(
                            expectedId,
                            "$.preprocessing[" + i + "].height",
                            r.height() + " but input.shape gives height "
                                    + m.input().height());
                }
            }
        }
        boolean heatmap = m.outputs().stream().anyMatch(o -> o.kind() == OutputSpec.Kind.HEATMAP);
        if (m.postprocessing().heatmapToBoxes() != null && !heatmap) {
            throw new ManifestException(expectedId, "$.postprocessing.heatmapToBoxes", "no output has kind 'heatmap'");
        }
    }

    private static List<String> strings(JsonNode array) {
        if (array == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ModelManifest.L3Finder l3(JsonNode n) {
        if (n == null) {
            return null;
        }
        java.util.List<Integer> order = new java.util.ArrayList<>();
        n.get("levelOrder").forEach(x -> order.add(x.asInt()));
        JsonNode c = n.get("code");
        return new ModelManifest.L3Finder(
                n.get("output").asText(),
                n.get("method").asText(),
                n.get("discIndex").asInt(),
                n.get("l3Index").asInt(),
                order,
                n.path("bodyThreshold").asDouble(0.5),
                c == null
                        ? null
                        : new CodedConcept(
                                c.get("value").asText(),
                                c.get("scheme").asText(),
                                c.get("meaning").asText()));
    }
}
