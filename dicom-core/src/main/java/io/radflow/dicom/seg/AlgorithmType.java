package io.radflow.dicom.seg;

/** Segment Algorithm Type (0062,0008). */
public enum AlgorithmType {
    /** Made by an algorithm alone (an AI model). */
    AUTOMATIC,
    /** Made by an algorithm that a person guided (back projection, GrabCut, a corrected pre-label). */
    SEMIAUTOMATIC,
    /** Drawn by a person. */
    MANUAL
}
