package io.radflow.dicom.json;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code BulkDataURI} references of a data set read by {@link JSONReader} (held as {@link
 * BulkData} values with non-file URIs), for example to resolve them against the other parts of a
 * STOW-RS request with {@code application/dicom+json} metadata (PS3.18 10.5.1.1: the bulk data
 * parts carry the URI as their {@code Content-Location}).
 */
public final class BulkDataReferences {
    private BulkDataReferences() {}

    /** The URIs of all non-file {@link BulkData} values, nested items included, in tag order. */
    public static List<String> uris(Attributes attrs) {
        List<String> out = new ArrayList<>();
        collect(attrs, out, null);
        return out;
    }

    /**
     * Replaces each non-file {@link BulkData} value for which {@code resolver} returns a value
     * (typically {@link BulkData#ofFile} of where the part was stored); returns the URIs the
     * resolver left unresolved (it returned {@code null}).
     */
    public static List<String> resolve(Attributes attrs, Function<String, BulkData> resolver) {
        List<String> unresolved = new ArrayList<>();
        collect(attrs, unresolved, resolver);
        return unresolved;
    }

    private static void collect(Attributes attrs, List<String> out, Function<String, BulkData> resolver) {
        for (int i = 0, n = attrs.size(); i < n; i++) {
            Object v = attrs.valueAt(i);
            if (v instanceof Sequence seq) {
                for (Attributes item : seq) {
                    collect(item, out, resolver);
                }
            } else if (v instanceof BulkData bd && !bd.isFile()) {
                String uri = bd.uri().toString();
                BulkData resolved = resolver == null ? null : resolver.apply(uri);
                if (resolved == null) {
                    out.add(uri);
                } else {
                    attrs.setValue(attrs.tagAt(i), attrs.vrAt(i), resolved);
                }
            }
        }
    }
}
