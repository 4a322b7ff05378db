/** DICOMweb server (QIDO-RS, WADO-RS, STOW-RS) for viewers, the OHIF viewer, the labeling frontend and versioned annotations. */
package io.radflow.labeling;
