package io.radflow.model.manifest;

/**
 * A coded concept as DICOM writes it (Code Value, Coding Scheme Designator, Code Meaning).
 *
 * @param value Code Value, e.g. {@code 233604007}
 * @param scheme Coding Scheme Designator, e.g. {@code SCT}
 * @param meaning Code Meaning, e.g. {@code Pneumonia}
 */
public record CodedConcept(String value, String scheme, String meaning) {}
