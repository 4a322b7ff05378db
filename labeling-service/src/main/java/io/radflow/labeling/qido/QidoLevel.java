package io.radflow.labeling.qido;

/** Query/retrieve level of a QIDO-RS search (PS3.18 10.6). */
public enum QidoLevel {
    STUDY,
    SERIES,
    INSTANCE
}
