package io.radflow.labeling.qido;

import io.radflow.dicom.data.VR;

/**
 * An attribute the index can match and return.
 *
 * @param tag the tag
 * @param vr its VR in the response
 * @param level the level it belongs to
 * @param column the SQL expression over the aliases {@code st} (v_study), {@code se} (v_series),
 *     {@code i} (v_instance); a constant for computed attributes
 * @param matching how it is matched
 * @param normColumn the normalised column for fuzzy person name matching, or null
 */
record QueryAttribute(int tag, VR vr, QidoLevel level, String column, Matching matching, String normColumn) {}
