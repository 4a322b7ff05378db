/**
 * The labeling service's semi-automatic segmentation tools as pure computations on one frame: HU
 * thresholding ({@link io.radflow.labeling.tools.HuThreshold}), histogram back projection from a
 * sample rectangle ({@link io.radflow.labeling.tools.BackProjection}) and GrabCut in a rectangle with
 * optional scribbles ({@link io.radflow.labeling.tools.GrabCutTool}).
 *
 * <p>Input is a {@link io.radflow.labeling.tools.HuFrame} (modality values, HU for CT); output is a
 * mask, a {@code byte[]} of rows × columns, row by row, 1 inside and 0 outside. Bad input (a
 * rectangle outside the image, a mask of the wrong size, a parameter out of range) raises {@link
 * io.radflow.labeling.tools.ToolException}, whose message is meant for the user (HTTP 400).
 */
package io.radflow.labeling.tools;
