/** Body-composition results as spreadsheets (XLSX, written with fastexcel). */
package io.radflow.quantification.export;
