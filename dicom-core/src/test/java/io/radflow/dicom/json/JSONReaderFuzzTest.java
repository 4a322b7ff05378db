package io.radflow.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.testing.FuzzHarness;
import io.radflow.dicom.testing.Mutator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of {@link JSONReader}: 20,000 mutated DICOM JSON documents. Only {@link
 * DicomJsonException} may come out, whatever the reader accepts must be writable again by {@link
 * JSONWriter}, and no input may take a second or allocate more than 32 MiB.
 */
class JSONReaderFuzzTest {
    private static final long SEED = 0xD1C0_4A50L;
    private static final int INPUTS = 20_000;

    @Test
    void mutatedJsonEndsInDicomJsonExceptionOnly() throws IOException {
        List<byte[]> seeds = List.of(
                bytes(JSONRoundTripTest.CANONICAL),
                bytes("[" + JSONRoundTripTest.CANONICAL + ",{}]"),
                bytes("{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{}]}}]}}"),
                bytes("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A\",\"Ideographic\":\"B\"}]}}"),
                bytes(
                        "{\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AQIDBA==\"},\"00280010\":{\"vr\":\"US\",\"Value\":[1]}}"));
        Mutator mutator = new Mutator(
                SEED,
                List.of(
                        "{",
                        "}",
                        "[",
                        "]",
                        ",",
                        ":",
                        "\"",
                        "null",
                        "-0",
                        "1e999999999",
                        "-1",
                        "18446744073709551616",
                        "\"NaN\"",
                        "\\u0000",
                        "\\ud800",
                        "\"vr\":\"SQ\"",
                        "\"vr\":\"PN\"",
                        "\"vr\":\"AT\"",
                        "\"vr\":\"UV\"",
                        "\"vr\":\"OB\"",
                        "\"Value\":[",
                        "\"InlineBinary\":\"",
                        "\"BulkDataURI\":\"",
                        "\"Alphabetic\":",
                        "\"00081140\":",
                        "{\"00081140\":{\"vr\":\"SQ\",\"Value\":["));
        Random rnd = mutator.random();
        FuzzHarness harness = new FuzzHarness(32L << 20, DicomJsonException.class);
        for (byte[] seed : seeds) { // warm up: class loading and JIT are not the parser's cost
            parseAndWrite(seed);
        }
        for (String bad : List.of("{\"00100010\":{}Q", "{\"00100010\":{\"vr\":\"US\",\"Value\":[1.5]}}", "{")) {
            try {
                parseAndWrite(bytes(bad)); // first Jackson and Radflow errors load their classes
            } catch (DicomJsonException expected) {
                // warm-up only
            }
        }
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutator.mutate(seeds.get(rnd.nextInt(seeds.size())));
            harness.run(i, input, JSONReaderFuzzTest::parseAndWrite);
        }
        System.out.println("JSONReaderFuzzTest: " + harness.summary());

        assertThat(harness.runs()).isEqualTo(INPUTS);
        assertThat(harness.failures()).isEmpty();
    }

    /**
     * Structure-aware: valid JSON whose values, VRs and members are replaced at random, so that the
     * inputs reach the value conversion instead of failing in the JSON syntax.
     */
    @Test
    void mutatedValuesAndVRsEndInDicomJsonExceptionOnly() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode seed = mapper.readTree(JSONRoundTripTest.CANONICAL);
        Random rnd = new Random(SEED + 1);
        FuzzHarness harness = new FuzzHarness(32L << 20, DicomJsonException.class);
        int accepted = 0;
        for (int i = 0; i < INPUTS / 2; i++) {
            JsonNode doc = seed.deepCopy();
            int n = 1 + rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                mutateNode(doc, rnd, mapper);
            }
            byte[] input = mapper.writeValueAsBytes(doc);
            boolean[] ok = {false};
            harness.run(i, input, in -> {
                parseAndWrite(in);
                ok[0] = true;
            });
            accepted += ok[0] ? 1 : 0;
        }
        System.out.println(
                "JSONReaderFuzzTest (structure-aware): " + harness.summary() + ", " + accepted + " accepted");
        assertThat(harness.failures()).isEmpty();
    }

    private static final String[] VRS = {
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
        "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV", "XX", ""
    };

    /** Replaces one random node of an element of {@code doc} (nested items included). */
    private static void mutateNode(JsonNode doc, Random rnd, ObjectMapper mapper) {
        List<ObjectNode> elements = new ArrayList<>();
        collectElements(doc, elements);
        ObjectNode e = elements.get(rnd.nextInt(elements.size()));
        JsonNode[] values = {
            NullNode.instance,
            TextNode.valueOf(""),
            TextNode.valueOf("NaN"),
            TextNode.valueOf("00100010"),
            TextNode.valueOf("1.2.3"),
            TextNode.valueOf("-0x1p3"),
            TextNode.valueOf("AAEC"),
            TextNode.valueOf("not base64!"),
            IntNode.valueOf(-1),
            LongNode.valueOf(Long.MAX_VALUE),
            DecimalNode.valueOf(new BigDecimal("1e400")),
            DecimalNode.valueOf(new BigDecimal("-1.5e-400")),
            DoubleNode.valueOf(0.5),
            mapper.createObjectNode(),
            mapper.createObjectNode().put("Alphabetic", "A^B").put("Phonetic", 1),
            mapper.createArrayNode(),
            mapper.createArrayNode().add(mapper.createArrayNode()),
            mapper.createObjectNode().set("00100010", mapper.createObjectNode().put("vr", "PN"))
        };
        switch (rnd.nextInt(6)) {
            case 0 -> e.put("vr", VRS[rnd.nextInt(VRS.length)]);
            case 1 -> e.remove("vr");
            case 2 -> e.set("Value", mapper.createArrayNode().add(values[rnd.nextInt(values.length)]));
            case 3 -> {
                JsonNode v = e.get("Value");
                if (v instanceof ArrayNode a && !a.isEmpty()) {
                    a.set(rnd.nextInt(a.size()), values[rnd.nextInt(values.length)]);
                } else {
                    e.set("InlineBinary", values[rnd.nextInt(values.length)]);
                }
            }
            case 4 -> e.set("BulkDataURI", values[rnd.nextInt(values.length)]);
            default -> e.set(rnd.nextBoolean() ? "Value" : "InlineBinary", values[rnd.nextInt(values.length)]);
        }
    }

    private static void collectElements(JsonNode dataset, List<ObjectNode> out) {
        if (!dataset.isObject()) {
            return;
        }
        dataset.fields().forEachRemaining(f -> {
            if (f.getValue() instanceof ObjectNode element) {
                out.add(element);
                if (element.get("Value") instanceof ArrayNode items) {
                    items.forEach(item -> {
                        if (item.isObject()
                                && item.fieldNames().hasNext()
                                && item.fieldNames().next().length() == 8) {
                            collectElements(item, out);
                        }
                    });
                }
            }
        });
    }

    private static void parseAndWrite(byte[] in) throws IOException {
        JSONReader reader = new JSONReader(new ByteArrayInputStream(in));
        List<Attributes> list = in.length > 0 && in[0] == '[' ? reader.readDatasets() : List.of(reader.readDataset());
        try (JsonGenerator g = JSONWriter.createGenerator(OutputStream.nullOutputStream())) {
            JSONWriter w = new JSONWriter(g);
            g.writeStartArray();
            for (Attributes a : list) {
                w.write(a);
            }
            g.writeEndArray();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
