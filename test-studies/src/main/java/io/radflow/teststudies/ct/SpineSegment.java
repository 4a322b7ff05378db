package io.radflow.teststudies.ct;

/**
 * One vertebral body or intervertebral disc along the patient's z axis (mm, +z towards the head).
 *
 * @param name level name: {@code "L3"} for a body, {@code "L3-L4"} for the disc below L3
 * @param disc whether this segment is an intervertebral disc
 * @param zInferior lower (caudal) boundary in mm
 * @param zSuperior upper (cranial) boundary in mm
 */
public record SpineSegment(String name, boolean disc, double zInferior, double zSuperior) {
    /** Whether {@code z} lies in this segment (inferior boundary inclusive). */
    public boolean contains(double z) {
        return z >= zInferior && z < zSuperior;
    }

    /** Mid-height of the segment. */
    public double zMid() {
        return (zInferior + zSuperior) / 2;
    }

    /** Whether this is a lumbar vertebral body (L1–L5). */
    public boolean lumbarBody() {
        return !disc && name.startsWith("L");
    }
}
