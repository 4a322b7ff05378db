/**
 * The model plug-in manifest ({@code models/<id>/manifest.json}): records, the JSON Schema check
 * ({@code models/manifest.schema.json}) and the reader that names the model and the JSON path of
 * a bad field.
 */
package io.radflow.model.manifest;
