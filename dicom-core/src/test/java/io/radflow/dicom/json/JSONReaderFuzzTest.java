package io.radflow.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.testing.FuzzHarness;
import io.radflow.dicom.testing.Mutator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
