package io.radflow.teststudies.dx;

/** Chest radiograph projection, as in ViewPosition (0018,5101). */
public enum ViewPosition {
    /** Postero-anterior, erect: normal heart size (cardiothoracic ratio about 0.42–0.48). */
    PA,
    /** Antero-posterior (bedside, supine): magnified heart shadow (ratio about 0.56–0.62). */
    AP
}
