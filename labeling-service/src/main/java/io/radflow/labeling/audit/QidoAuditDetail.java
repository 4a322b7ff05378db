package io.radflow.labeling.audit;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects what a QIDO-RS search returned (Study Instance UID and Patient ID of each match) and writes the
 * audit record's detail: the level, the query as sent, the number of matches and the studies with their
 * patients (the first {@value #MAX_STUDIES}, then a count).
 */
public final class QidoAuditDetail implements Consumer<Attributes> {
    static final int MAX_STUDIES = 50;
    private static final int MAX_QUERY = 500;

    private final Map<String, String> studies = new LinkedHashMap<>();
    private int matches;

    @Override
    public void accept(Attributes match) {
        matches++;
        String study = match.getString(Tag.StudyInstanceUID);
        if (study != null) {
            studies.putIfAbsent(study, match.getString(Tag.PatientID));
        }
    }

    /** {@code QIDO-RS STUDY ?PatientID=…: 2 matches; studies: 1.2.3 (patient P1), …}. */
    public String describe(String level, String rawQuery) {
        String query = rawQuery == null ? "" : rawQuery;
        if (query.length() > MAX_QUERY) {
            query = query.substring(0, MAX_QUERY) + "…";
        }
        StringBuilder b = new StringBuilder("QIDO-RS ")
                .append(level)
                .append(" ?")
                .append(query)
                .append(": ")
                .append(matches)
                .append(matches == 1 ? " match" : " matches");
        if (!studies.isEmpty()) {
            b.append("; studies: ");
            int n = 0;
            for (Map.Entry<String, String> e : studies.entrySet()) {
                if (n == MAX_STUDIES) {
                    b.append(", and ").append(studies.size() - n).append(" more");
                    break;
                }
                if (n++ > 0) {
                    b.append(", ");
                }
                b.append(e.getKey()).append(" (patient ").append(e.getValue()).append(')');
            }
        }
        return b.toString();
    }
}
