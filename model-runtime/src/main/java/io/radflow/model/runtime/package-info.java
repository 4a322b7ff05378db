/**
 * ONNX Runtime sessions for model plug-ins: the models directory is scanned, each manifest
 * validated and checked against its ONNX graph, bad models reported and skipped; loaded models
 * run batches of frames, thread-safe, on CUDA when asked and available, else on CPU.
 */
package io.radflow.model.runtime;
