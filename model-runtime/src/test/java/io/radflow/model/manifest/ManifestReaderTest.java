package io.radflow.model.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "chest-xray-findings";

    private static String example() throws IOException {
        try (InputStream in = ManifestReaderTest.class.getResourceAsStream("/manifests/chest-xray-findings.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String edited(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(example());
        edit.accept(root);
        return JSON.writeValueAsString(root);
    }

    private static ManifestException error(String text) {
        return catchThrowableOfType(ManifestException.class, () -> ManifestReader.parse(text, ID));
    }

    @Test
    void readsEveryFieldOfTheAgreedExample() throws Exception {
        ModelManifest m = ManifestReader.parse(example(), ID);

        assertThat(m.id()).isEqualTo(ID);
        assertThat(m.demo()).isTrue();
        assertThat(m.task()).isEqualTo(ModelManifest.Task.CLASSIFICATION);
        assertThat(m.applicability().modalities()).containsExactly("DX", "CR");
        assertThat(m.applicability().maxPixelSpacingMm()).isEqualTo(1.0);
        assertThat(m.input().shape()).containsExactly(-1, 1, 224, 224);
        assertThat(m.input().width()).isEqualTo(224);
        assertThat(m.preprocessing())
                .containsExactly(
                        new PreprocessStep.ModalityLut(),
                        new PreprocessStep.NormalizeRange(),
                        new PreprocessStep.Clahe(2.0, 8),
                        new PreprocessStep.Resize(224, 224, Interpolation.BILINEAR, true, 0.0),
                        new PreprocessStep.Scale(2.0, -1.0));
        OutputSpec logits = m.output("logits");
        assertThat(logits.kind()).isEqualTo(OutputSpec.Kind.CLASSES);
        assertThat(logits.activation()).isEqualTo(OutputSpec.Activation.SIGMOID);
        assertThat(logits.label(1).code()).isEqualTo(new CodedConcept("233604007", "SCT", "Pneumonia"));
        assertThat(logits.label(1).threshold()).isEqualTo(0.4);
        assertThat(m.output("heatmap").label(0).threshold()).isEqualTo(LabelSpec.DEFAULT_THRESHOLD);
        assertThat(m.postprocessing().heatmapToBoxes()).isEqualTo(new Postprocessing.HeatmapToBoxes(0.5, 16));
        assertThat(m.batchSize()).isEqualTo(8);
        assertThat(m.metrics().values()).containsEntry("aucPneumonia", 0.99);
        assertThat(m.training()).containsEntry("steps", 400);
    }

    @Test
    void missingFieldNamesModelAndPath() throws Exception {
        ManifestException e = error(edited(r -> ((ObjectNode) r.get("input")).remove("name")));

        assertThat(e.modelId()).isEqualTo(ID);
        assertThat(e.field()).isEqualTo("$.input.name");
        assertThat(e.getMessage())
                .startsWith("model 'chest-xray-findings': $.input.name: ")
                .contains("required");
    }

    @Test
    void wrongTypeNamesThePath() throws Exception {
        ManifestException e =
                error(edited(r -> ((ObjectNode) r.withArray("preprocessing").get(3)).put("width", "224")));

        assertThat(e.field()).isEqualTo("$.preprocessing[3].width");
        assertThat(e.getMessage()).contains("integer");
    }

    @Test
    void stepParametersAreCheckedPerOp() throws Exception {
        assertThat(error(edited(r -> r.withArray("preprocessing")
                        .addObject()
                        .put("op", "window")
                        .put("center", 40))))
                .extracting(ManifestException::field)
                .isEqualTo("$.preprocessing[5].width");
        assertThat(error(edited(r -> r.withArray("preprocessing").addObject().put("op", "blur")))
                        .field())
                .isEqualTo("$.preprocessing[5].op");
        assertThat(error(edited(r -> ((ObjectNode) r.withArray("preprocessing").get(4)).put("gain", 2)))
                        .field())
                .isEqualTo("$.preprocessing[4].gain");
    }

    @Test
    void unknownTopLevelKeyIsRejected() throws Exception {
        assertThat(error(edited(r -> r.put("threshold", 0.5))).field()).isEqualTo("$.threshold");
    }

    @Test
    void shapeAllowsDynamicBatchOnly() throws Exception {
        ManifestException e = error(edited(r -> ((ArrayNode) r.get("input").get("shape")).set(2, -1)));

        assertThat(e.field()).isEqualTo("$.input.shape[2]");
    }

    @Test
    void demoModelsMustCarryADisclaimer() throws Exception {
        assertThat(error(edited(r -> r.remove("disclaimer"))).field()).isEqualTo("$.disclaimer");
    }

    @Test
    void idMustBeTheFolderName() throws Exception {
        ManifestException e =
                catchThrowableOfType(ManifestException.class, () -> ManifestReader.parse(example(), "my-model"));

        assertThat(e.modelId()).isEqualTo("my-model");
        assertThat(e.field()).isEqualTo("$.id");
    }

    @Test
    void semanticChecksNameTheField() throws Exception {
        assertThat(error(edited(r -> ((ObjectNode) r.withArray("outputs")
                                        .get(0)
                                        .withArray("labels")
                                        .get(1))
                                .put("index", 0)))
                        .field())
                .isEqualTo("$.outputs[0].labels[1].index");
        assertThat(error(edited(r -> ((ObjectNode) r.withArray("preprocessing").get(3)).put("width", 256)))
                        .field())
                .isEqualTo("$.preprocessing[3].width");
        assertThat(error(edited(r -> ((ObjectNode) r.withArray("outputs").get(1)).put("name", "logits")))
                        .field())
                .isEqualTo("$.outputs[1].name");
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        ManifestException e = error("{\n  \"id\": \"x\",\n  oops\n}");

        assertThat(e.field()).isEqualTo("$");
        assertThat(e.getMessage()).contains("line 3");
    }
}
