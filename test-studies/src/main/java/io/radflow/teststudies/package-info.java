/** Synthetic DICOM studies with ground truth: abdominal CT, chest CT, chest radiographs. */
package io.radflow.teststudies;
