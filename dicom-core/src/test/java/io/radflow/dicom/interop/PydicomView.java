package io.radflow.dicom.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.ByteUtils;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.testing.Peers;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * pydicom's view of DICOM files (from {@code interop/pydicom-dump.py}) and the element-by-element
 * comparison of Radflow's {@link Attributes} with it.
 */
public final class PydicomView {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Differences found, and notes on elements compared by their raw bytes. */
    public record Comparison(List<String> differences, List<String> notes, int compared) {}

    private PydicomView() {}

    /** Runs the dump script on {@code files} (relative to {@code dir}); key = the relative path. */
    public static Map<String, JsonNode> dump(Path dir, List<String> files) throws IOException, InterruptedException {
        Path script = Files.createTempFile("pydicom-dump", ".py");
        try (InputStream in = PydicomView.class.getResourceAsStream("/interop/pydicom-dump.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(Peers.requirePydicom(), script.toString()));
        cmd.addAll(files);
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, JsonNode> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                out.put(n.get("file").asText(), n);
            }
        }
        p.waitFor();
        Files.deleteIfExists(script);
        return out;
    }

    /** Compares every element of {@code ours} with pydicom's {@code elements} list, recursively. */
    public static Comparison compare(JsonNode elements, Attributes ours) {
        Comparison c = new Comparison(new ArrayList<>(), new ArrayList<>(), 0);
        int n = compare(elements, ours, "", c);
        return new Comparison(c.differences(), c.notes(), n);
    }

    private static int compare(JsonNode elements, Attributes ours, String path, Comparison c) {
        Map<Integer, JsonNode> py = new TreeMap<>(Integer::compareUnsigned);
        for (JsonNode e : elements) {
            py.put((int) Long.parseLong(e.get(0).asText(), 16), e);
        }
        int compared = 0;
        for (int tag : ours.tags()) {
            if (!py.containsKey(tag)) {
                c.differences().add(path + Tag.toString(tag) + " only read by Radflow");
            }
        }
        for (Map.Entry<Integer, JsonNode> e : py.entrySet()) {
            int tag = e.getKey();
            String where = path + Tag.toString(tag);
            if (!ours.contains(tag)) {
                c.differences().add(where + " only read by pydicom");
                continue;
            }
            compared += compareElement(e.getValue(), ours, tag, where, c);
        }
        return compared;
    }

    private static int compareElement(JsonNode node, Attributes ours, int tag, String where, Comparison c) {
        String pyVR = node.get(1).isNull() ? "?" : node.get(1).asText();
        JsonNode value = node.get(2);
        JsonNode raw = node.get(3);
        VR vr = ours.getVR(tag);
        Object v = ours.getValue(tag);
        if (v instanceof Sequence seq) {
            if (!value.isArray() || !"SQ".equals(pyVR)) {
                c.differences().add(where + " is a sequence for Radflow, " + pyVR + " for pydicom");
                return 0;
            }
            if (value.size() != seq.size()) {
                c.differences().add(where + " has " + seq.size() + " items, pydicom " + value.size());
                return 0;
            }
            int n = 1;
            for (int i = 0; i < seq.size(); i++) {
                n += compare(value.get(i), seq.get(i), where + "[" + i + "].", c);
            }
            return n;
        }
        byte[] bytes = v instanceof Fragments f ? encapsulated(f) : ours.getBytes(tag);
        if (value.isObject() && value.has("error")) {
            c.notes()
                    .add(where + ": pydicom cannot convert ("
                            + value.get("error").asText() + "), raw bytes compared");
            expectDigest(raw, bytes, where, c);
            return 1;
        }
        if (!pyVR.equals(vr.name())) {
            if (pyVR.contains(" or ")) {
                // ambiguous VR pydicom could not resolve: compare the bytes
                c.notes().add(where + ": pydicom VR '" + pyVR + "', Radflow " + vr + ": raw bytes compared");
                expectDigest(raw == null || raw.isNull() ? value : raw, bytes, where, c);
                return 1;
            }
            c.differences().add(where + " VR " + vr + ", pydicom " + pyVR);
            return 0;
        }
        if (value.isObject()) {
            expectDigest(value, bytes, where, c);
            return 1;
        }
        switch (vr) {
            case US, SS, UL, SL, SV, UV, AT -> {
                long[] l = ours.getLongs(tag);
                List<String> a = new ArrayList<>();
                for (long x : l) {
                    a.add(vr == VR.UV ? Long.toUnsignedString(x) : Long.toString(x));
                }
                List<String> b = new ArrayList<>();
                value.forEach(x -> b.add(x.asText()));
                expectEqual(a, b, where, c);
            }
            case FL, FD -> {
                double[] d = ours.getDoubles(tag);
                List<String> a = new ArrayList<>();
                for (double x : d) {
                    a.add(numberText(x));
                }
                List<String> b = new ArrayList<>();
                value.forEach(x -> b.add(x.isNumber() ? numberText(x.asDouble()) : x.asText()));
                expectEqual(a, b, where, c);
            }
            case DS, IS -> {
                String[] s = ours.getStrings(tag);
                List<String> a = new ArrayList<>();
                for (String x : s) {
                    a.add(x.isBlank() ? "null" : numberText(Double.parseDouble(x.trim())));
                }
                List<String> b = new ArrayList<>();
                value.forEach(x -> b.add(x.isNull() ? "null" : numberText(x.asDouble())));
                expectEqual(a, b, where, c);
            }
            default -> {
                String[] s = ours.getStrings(tag);
                List<String> a = new ArrayList<>();
                if (s != null) {
                    for (String x : s) {
                        a.add(x.strip());
                    }
                }
                List<String> b = new ArrayList<>();
                value.forEach(x -> b.add(x.asText().strip()));
                while (!a.isEmpty()
                        && a.size() > b.size()
                        && a.get(a.size() - 1).isEmpty()) {
                    a.remove(a.size() - 1);
                }
                expectEqual(a, b, where, c);
            }
        }
        return 1;
    }

    private static String numberText(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void expectEqual(List<String> ours, List<String> py, String where, Comparison c) {
        if (!ours.equals(py)) {
            c.differences().add(where + " Radflow " + ours + " pydicom " + py);
        }
    }

    private static void expectDigest(JsonNode digest, byte[] bytes, String where, Comparison c) {
        if (digest == null || digest.isNull() || !digest.has("md5")) {
            c.differences().add(where + ": pydicom gave no bytes to compare");
            return;
        }
        String md5 = md5(bytes);
        if (!md5.equals(digest.get("md5").asText())) {
            c.differences()
                    .add(where + " bytes differ: Radflow " + bytes.length + " bytes, pydicom "
                            + digest.get("len").asInt() + " bytes");
        }
    }

    /** The bytes pydicom holds for encapsulated pixel data: the items, without the delimiter. */
    static byte[] encapsulated(Fragments f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[8];
        try {
            for (int i = 0; i < f.size(); i++) {
                byte[] b = f.get(i) instanceof BulkData bd ? bd.toBytes() : (byte[]) f.get(i);
                ByteUtils.put16(header, 0, 0xFFFE, false);
                ByteUtils.put16(header, 2, 0xE000, false);
                ByteUtils.put32(header, 4, b.length, false);
                out.write(header);
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
