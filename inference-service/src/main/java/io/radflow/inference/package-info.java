/** Consumes study events, routes studies to ONNX model pipelines (GPU when present, CPU otherwise) and stores results back as DICOM SEG / SR. */
package io.radflow.inference;
