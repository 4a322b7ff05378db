/** Body composition at L3: finds the L3 slice, measures muscle and fat compartments, SMI and BMI, and reports them as DICOM SR, JSON and XLSX. */
package io.radflow.quantification;
