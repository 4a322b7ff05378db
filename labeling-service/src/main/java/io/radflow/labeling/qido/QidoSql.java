package io.radflow.labeling.qido;

import io.radflow.dicom.data.PersonName;
import io.radflow.labeling.dicomweb.DicomWebException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the SQL of a QIDO-RS query over ingest's views. Every value from the request is a bind
 * parameter; only column names from {@link QueryAttributes} are written into the statement.
 */
final class QidoSql {
    private static final Pattern DATE = Pattern.compile("\\d{8}");
    private static final Pattern TIME = Pattern.compile("\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?");

    /**
     * The statement and its parameters ({@code String}, {@code Integer} or {@code String[]} for text arrays).
     *
     * @param sql the SELECT
     * @param params bind values in order
     * @param columns the selected attributes, in select-list order
     * @param metadataColumn whether the last column is a representative instance's DICOM JSON
     */
    record Statement(String sql, List<Object> params, List<QueryAttribute> columns, boolean metadataColumn) {}

    private final List<String> where = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();
    private final List<String> warnings;

    private QidoSql(List<String> warnings) {
        this.warnings = warnings;
    }

    static Statement build(QidoQuery q, List<QueryAttribute> columns, boolean metadataColumn) {
        QidoSql b = new QidoSql(q.warnings());
        for (var m : q.matches().entrySet()) {
            b.match(q, m.getKey(), m.getValue());
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).column());
        }
        if (metadataColumn) {
            sql.append(", ").append(metadataExpression(q.level()));
        }
        sql.append(
                switch (q.level()) {
                    case STUDY -> " FROM ingest.v_study st";
                    case SERIES -> " FROM ingest.v_series se JOIN ingest.v_study st ON st.study_iuid = se.study_iuid";
                    case INSTANCE ->
                        " FROM ingest.v_instance i JOIN ingest.v_series se ON se.series_iuid = i.series_iuid"
                                + " JOIN ingest.v_study st ON st.study_iuid = i.study_iuid";
                });
        if (!b.where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", b.where));
        }
        sql.append(
                switch (q.level()) {
                    case STUDY ->
                        " ORDER BY st.study_date DESC NULLS LAST, st.study_time DESC NULLS LAST, st.study_iuid";
                    case SERIES -> " ORDER BY st.study_iuid, se.series_number NULLS LAST, se.series_iuid";
                    case INSTANCE ->
                        " ORDER BY i.study_iuid, se.series_number NULLS LAST, i.series_iuid,"
                                + " i.instance_number NULLS LAST, i.sop_iuid";
                });
        sql.append(" LIMIT ? OFFSET ?");
        b.params.add(q.limit());
        b.params.add(q.offset());
        return new Statement(sql.toString(), b.params, columns, metadataColumn);
    }

    private static String metadataExpression(QidoLevel level) {
        return switch (level) {
            case STUDY ->
                "(SELECT x.metadata FROM ingest.v_instance x WHERE x.study_iuid = st.study_iuid"
                        + " ORDER BY x.instance_number NULLS LAST, x.sop_iuid LIMIT 1)";
            case SERIES ->
                "(SELECT x.metadata FROM ingest.v_instance x WHERE x.series_iuid = se.series_iuid"
                        + " ORDER BY x.instance_number NULLS LAST, x.sop_iuid LIMIT 1)";
            case INSTANCE -> "i.metadata";
        };
    }

    private void match(QidoQuery q, int tag, String value) {
        QueryAttribute a = QueryAttributes.ALL.get(tag);
        if (a == null || a.level().ordinal() > q.level().ordinal()) {
            warnings.add("matching on " + String.format("%08X", tag) + " is not supported at "
                    + q.level().name().toLowerCase() + " level; ignored");
            return;
        }
        if (value.isEmpty()) {
            return; // universal matching: returned, not restricted
        }
        switch (a.matching()) {
            case UID_LIST -> uidList(a, value);
            case STRING -> string(a.column(), value);
            case PERSON_NAME -> personName(a, value, q.fuzzy());
            case DATE -> range(a, value, DATE, "YYYYMMDD");
            case TIME -> range(a, value, TIME, "HHMMSS[.FFFFFF]");
            case NUMBER -> number(a, value);
            case ARRAY -> array(a, value);
            case NONE -> warnings.add(a.column() + " is not matched");
        }
    }

    private void uidList(QueryAttribute a, String value) {
        String[] uids = value.split("[,\\\\]");
        for (String u : uids) {
            if (!u.matches("[0-9]+(\\.[0-9]+)*") || u.length() > 64) {
                throw DicomWebException.badRequest("malformed UID '" + u + "' in " + a.column());
            }
        }
        if (uids.length == 1) {
            where.add(a.column() + " = ?");
            params.add(uids[0]);
        } else {
            where.add(a.column() + " = ANY (?)");
            params.add(uids);
        }
    }

    private void string(String column, String value) {
        if (hasWildcard(value)) {
            where.add(column + " LIKE ? ESCAPE '\\'");
            params.add(like(value));
        } else {
            where.add(column + " = ?");
            params.add(value);
        }
    }

    private void personName(QueryAttribute a, String value, boolean fuzzy) {
        if (fuzzy && a.normColumn() != null) {
            String normalized = PersonName.normalizeForMatching(value);
            String norm = like(normalized == null ? "" : normalized);
            if (!norm.endsWith("%")) {
                norm = norm + "%";
            }
            where.add("(" + a.normColumn() + " LIKE ? ESCAPE '\\' OR " + a.normColumn() + " LIKE ? ESCAPE '\\')");
            params.add(norm);
            params.add("% " + norm);
            return;
        }
        String pattern = hasWildcard(value) ? like(value) : escapeLike(value);
        // the whole value, or its first (alphabetic) component group
        where.add("(" + a.column() + " LIKE ? ESCAPE '\\' OR " + a.column() + " LIKE ? ESCAPE '\\')");
        params.add(pattern);
        params.add(pattern + "=%");
    }

    private void range(QueryAttribute a, String value, Pattern format, String expected) {
        int dash = value.indexOf('-');
        String from = dash < 0 ? value : value.substring(0, dash);
        String to = dash < 0 ? value : value.substring(dash + 1);
        if ((!from.isEmpty() && !format.matcher(from).matches())
                || (!to.isEmpty() && !format.matcher(to).matches())
                || (from.isEmpty() && to.isEmpty())) {
            throw DicomWebException.badRequest("'" + value + "' is not " + expected + " or a range of them");
        }
        String col = a.column() + " COLLATE \"C\"";
        if (a.matching() == Matching.TIME) {
            // a time matches every time it is a prefix of (1015 matches 101530.5)
            if (dash < 0) {
                where.add("(" + col + " = ? OR " + col + " LIKE ?)");
                params.add(from);
                params.add(from + (from.length() < 6 ? "%" : ".%"));
                return;
            }
            if (!to.isEmpty()) {
                to = to
                        + "99999999999".substring(0, Math.max(0, 6 - to.length()))
                        + (to.contains(".") ? "" : ".999999");
            }
        } else if (dash < 0) {
            where.add(a.column() + " = ?");
            params.add(from);
            return;
        }
        if (!from.isEmpty()) {
            where.add(col + " >= ?");
            params.add(from);
        }
        if (!to.isEmpty()) {
            where.add(col + " <= ?");
            params.add(to);
        }
    }

    private void number(QueryAttribute a, String value) {
        try {
            where.add(a.column() + " = ?");
            params.add(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw DicomWebException.badRequest("'" + value + "' is not an integer");
        }
    }

    private void array(QueryAttribute a, String value) {
        String[] values = value.split("[,\\\\]");
        where.add(a.column() + " && ?");
        params.add(values);
    }

    private static boolean hasWildcard(String v) {
        return v.indexOf('*') >= 0 || v.indexOf('?') >= 0;
    }

    /** {@code *} → {@code %}, {@code ?} → {@code _}, LIKE's own characters escaped. */
    private static String like(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 4);
        for (char c : v.toCharArray()) {
            switch (c) {
                case '*' -> sb.append('%');
                case '?' -> sb.append('_');
                case '%', '_', '\\' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String escapeLike(String v) {
        return v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
