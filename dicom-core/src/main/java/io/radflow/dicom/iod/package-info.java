/** Modules shared by the information object definitions Radflow creates (SEG, SR). */
package io.radflow.dicom.iod;
