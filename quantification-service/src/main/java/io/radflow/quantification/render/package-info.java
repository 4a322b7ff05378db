/** Pictures of body-composition results (PNG through javax.imageio, headless). */
package io.radflow.quantification.render;
